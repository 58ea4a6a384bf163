package io.hypha.node.repo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The repository's {@code config} file, in Kubo's shape and key names (a subset: the sections Hypha reads).
 * Unknown keys are ignored when read, so a hand-edited or Kubo-written config still opens.
 *
 * @param identity the node's key and peer id
 * @param addresses where the node listens and what it announces
 * @param bootstrap multiaddrs of the peers dialled at start
 * @param datastore storage settings
 * @param importSettings defaults for {@code add} (Kubo's {@code Import} section); null fields mean the profile default
 * @param swarm connection manager and resource limits (Kubo's {@code Swarm} section)
 * @param api the RPC API's headers and authorizations (Kubo's {@code API} section)
 * @param routing the DHT mode (Kubo's {@code Routing} section)
 * @param provide what the node announces to the DHT and how often (Kubo's {@code Provide} section)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"Identity", "Datastore", "Addresses", "Bootstrap", "Import", "Swarm", "API", "Routing", "Provide"})
public record RepoConfig(
        @JsonProperty("Identity") Identity identity,
        @JsonProperty("Datastore") DatastoreSettings datastore,
        @JsonProperty("Addresses") Addresses addresses,
        @JsonProperty("Bootstrap") List<String> bootstrap,
        @JsonProperty("Import") ImportSettings importSettings,
        @JsonProperty("Swarm") SwarmConfig swarm,
        @JsonProperty("API") ApiConfig api,
        @JsonProperty("Routing") RoutingConfig routing,
        @JsonProperty("Provide") ProvideConfig provide) {
    public RepoConfig {
        Objects.requireNonNull(identity, "Identity");
        datastore = datastore == null ? DatastoreSettings.DEFAULTS : datastore;
        addresses = addresses == null ? Addresses.DEFAULTS : addresses;
        bootstrap = bootstrap == null ? List.of() : List.copyOf(bootstrap);
        importSettings = importSettings == null ? ImportSettings.UNSET : importSettings;
        swarm = swarm == null ? SwarmConfig.DEFAULTS : swarm;
        api = api == null ? ApiConfig.DEFAULTS : api;
        routing = routing == null ? RoutingConfig.DEFAULTS : routing;
        provide = provide == null ? ProvideConfig.DEFAULTS : provide;
    }

    /** A config with the default {@code Routing} and {@code Provide} sections. */
    public RepoConfig(Identity identity, DatastoreSettings datastore, Addresses addresses, List<String> bootstrap,
            ImportSettings importSettings, SwarmConfig swarm, ApiConfig api) {
        this(identity, datastore, addresses, bootstrap, importSettings, swarm, api, null, null);
    }

    /** A config with the default {@code API} section. */
    public RepoConfig(Identity identity, DatastoreSettings datastore, Addresses addresses, List<String> bootstrap,
            ImportSettings importSettings, SwarmConfig swarm) {
        this(identity, datastore, addresses, bootstrap, importSettings, swarm, null, null, null);
    }

    /** A config with the default {@code Swarm} section. */
    public RepoConfig(Identity identity, DatastoreSettings datastore, Addresses addresses, List<String> bootstrap,
            ImportSettings importSettings) {
        this(identity, datastore, addresses, bootstrap, importSettings, null, null, null, null);
    }

    /** This config with {@code swarm} as its {@code Swarm} section. */
    public RepoConfig withSwarm(SwarmConfig swarm) {
        return new RepoConfig(identity, datastore, addresses, bootstrap, importSettings, swarm, api, routing, provide);
    }

    /** This config with {@code api} as its {@code API} section. */
    public RepoConfig withApi(ApiConfig api) {
        return new RepoConfig(identity, datastore, addresses, bootstrap, importSettings, swarm, api, routing, provide);
    }

    /** This config with {@code routing} as its {@code Routing} section. */
    public RepoConfig withRouting(RoutingConfig routing) {
        return new RepoConfig(identity, datastore, addresses, bootstrap, importSettings, swarm, api, routing, provide);
    }

    /**
     * Kubo's default bootstrap peers (go-libp2p-kad-dht {@code DefaultBootstrapPeers}, SPEC-NOTES 4).
     */
    public static final List<String> DEFAULT_BOOTSTRAP = List.of(
            "/dnsaddr/bootstrap.libp2p.io/p2p/QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN",
            "/dnsaddr/bootstrap.libp2p.io/p2p/QmQCU2EcMqAqQPR2i9bChDtGNJchTbq5TbXJJ16u19uLTa",
            "/dnsaddr/bootstrap.libp2p.io/p2p/QmbLHAnMoJPWSCR5Zhtx6BHJX9KiKNN6tpvbUcqanj75Nb",
            "/dnsaddr/bootstrap.libp2p.io/p2p/QmcZf59bWwK5XFi76CZX8cbJ4BhTzzA3gU1ZjYZcYW3dwt",
            "/dnsaddr/va1.bootstrap.libp2p.io/p2p/12D3KooWKnDdG3iXw9eTFijk3EWSunZcFi54Zka4wmtqtt6rPxc8",
            "/ip4/104.131.131.82/tcp/4001/p2p/QmaCpDMGvV2BGHeYERUEnRQAwe3N8SzbUtfsmvsqQLuvuJ");

    /**
     * The node's identity as Kubo stores it.
     *
     * @param peerId the peer id in base58 ({@code 12D3KooW...} for Ed25519)
     * @param privKey standard base64 of the libp2p {@code PrivateKey} protobuf
     */
    @JsonPropertyOrder({"PeerID", "PrivKey"})
    public record Identity(@JsonProperty("PeerID") String peerId, @JsonProperty("PrivKey") String privKey) {
        public Identity {
            Objects.requireNonNull(peerId, "Identity.PeerID");
            Objects.requireNonNull(privKey, "Identity.PrivKey");
        }

        @Override
        public String toString() {
            return "Identity[PeerID=" + peerId + ", PrivKey=(hidden)]";
        }
    }

    /**
     * Listen and announce addresses.
     *
     * @param swarm libp2p listen addresses (default {@code /ip4/0.0.0.0/tcp/4001}, {@code /ip6/::/tcp/4001})
     * @param announce addresses announced instead of the listen addresses, when not empty
     * @param noAnnounce addresses never announced
     * @param api the RPC API address
     * @param gateway the HTTP gateway address
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"Swarm", "Announce", "NoAnnounce", "API", "Gateway"})
    public record Addresses(
            @JsonProperty("Swarm") List<String> swarm,
            @JsonProperty("Announce") List<String> announce,
            @JsonProperty("NoAnnounce") List<String> noAnnounce,
            @JsonProperty("API") String api,
            @JsonProperty("Gateway") String gateway) {
        public static final List<String> DEFAULT_SWARM = List.of("/ip4/0.0.0.0/tcp/4001", "/ip6/::/tcp/4001");
        public static final String DEFAULT_API = "/ip4/127.0.0.1/tcp/5001";
        public static final String DEFAULT_GATEWAY = "/ip4/127.0.0.1/tcp/8080";
        public static final Addresses DEFAULTS =
                new Addresses(DEFAULT_SWARM, List.of(), List.of(), DEFAULT_API, DEFAULT_GATEWAY);

        public Addresses {
            swarm = swarm == null ? DEFAULT_SWARM : List.copyOf(swarm);
            announce = announce == null ? List.of() : List.copyOf(announce);
            noAnnounce = noAnnounce == null ? List.of() : List.copyOf(noAnnounce);
            api = api == null ? DEFAULT_API : api;
            gateway = gateway == null ? DEFAULT_GATEWAY : gateway;
        }
    }

    /**
     * Storage settings, Kubo's {@code Datastore} section.
     *
     * @param storageMax the size {@code repo stat} reports as the limit ({@code 10GB} by default; decimal units
     *     as Kubo's humanize, binary ones with {@code KiB}, {@code MiB}...)
     * @param storageGcWatermark percentage of {@code storageMax} at which a daemon would collect garbage
     * @param gcPeriod how often a daemon would collect garbage
     * @param spec the stores: flatfs blocks under {@code blocks}, the MVStore datastore under {@code datastore}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"StorageMax", "StorageGCWatermark", "GCPeriod", "Spec"})
    public record DatastoreSettings(
            @JsonProperty("StorageMax") String storageMax,
            @JsonProperty("StorageGCWatermark") Integer storageGcWatermark,
            @JsonProperty("GCPeriod") String gcPeriod,
            @JsonProperty("Spec") Map<String, Object> spec) {
        public static final String DEFAULT_STORAGE_MAX = "10GB";
        public static final int DEFAULT_GC_WATERMARK = 90;
        public static final String DEFAULT_GC_PERIOD = "1h";
        /** Kubo's mount spec, naming our stores. */
        public static final Map<String, Object> DEFAULT_SPEC = Map.of(
                "type", "mount",
                "mounts", List.of(
                        Map.of("mountpoint", "/blocks", "type", "measure", "prefix", "flatfs.datastore",
                                "child", Map.of("type", "flatfs", "path", "blocks", "sync", true,
                                        "shardFunc", "/repo/flatfs/shard/v1/next-to-last/2")),
                        Map.of("mountpoint", "/", "type", "measure", "prefix", "mvstore.datastore",
                                "child", Map.of("type", "mvstore", "path", "datastore"))));
        public static final DatastoreSettings DEFAULTS =
                new DatastoreSettings(DEFAULT_STORAGE_MAX, DEFAULT_GC_WATERMARK, DEFAULT_GC_PERIOD, DEFAULT_SPEC);

        public DatastoreSettings {
            storageMax = storageMax == null ? DEFAULT_STORAGE_MAX : storageMax;
            storageGcWatermark = storageGcWatermark == null ? DEFAULT_GC_WATERMARK : storageGcWatermark;
            gcPeriod = gcPeriod == null ? DEFAULT_GC_PERIOD : gcPeriod;
            spec = spec == null ? DEFAULT_SPEC : spec;
        }

        /**
         * The {@code sync} of the spec's flatfs store (Kubo's {@code Datastore.Spec.mounts[..].child.sync}): whether
         * each block is flushed to disk before its write completes. True unless the spec says {@code false}: a block
         * that is not synced can be lost in a crash after it was acknowledged.
         */
        public boolean flatfsSync() {
            Boolean found = findFlatfsSync(spec);
            return found == null || found;
        }

        private static Boolean findFlatfsSync(Object node) {
            if (node instanceof Map<?, ?> m) {
                if ("flatfs".equals(m.get("type")) && m.get("sync") instanceof Boolean b) {
                    return b;
                }
                for (Object v : m.values()) {
                    Boolean found = findFlatfsSync(v);
                    if (found != null) {
                        return found;
                    }
                }
            } else if (node instanceof List<?> l) {
                for (Object v : l) {
                    Boolean found = findFlatfsSync(v);
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        }

        /** {@link #storageMax} in bytes. */
        public long storageMaxBytes() {
            return parseBytes(storageMax);
        }
    }

    /**
     * Defaults for {@code add}, Kubo's {@code Import} section; a null field leaves the default to the importer.
     *
     * @param cidVersion 0 or 1
     * @param unixfsRawLeaves whether file leaves are raw blocks
     * @param unixfsChunker chunker spec, {@code size-N}
     * @param hashFunction multihash name
     * @param unixfsFileMaxLinks links per file node
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"CidVersion", "UnixFSRawLeaves", "UnixFSChunker", "HashFunction", "UnixFSFileMaxLinks"})
    public record ImportSettings(
            @JsonProperty("CidVersion") Integer cidVersion,
            @JsonProperty("UnixFSRawLeaves") Boolean unixfsRawLeaves,
            @JsonProperty("UnixFSChunker") String unixfsChunker,
            @JsonProperty("HashFunction") String hashFunction,
            @JsonProperty("UnixFSFileMaxLinks") Integer unixfsFileMaxLinks) {
        public static final ImportSettings UNSET = new ImportSettings(null, null, null, null, null);
    }

    /** Units {@link #parseBytes} knows, longest suffix first. */
    private static final List<Map.Entry<String, Long>> UNITS = List.of(
            Map.entry("kib", 1L << 10), Map.entry("mib", 1L << 20), Map.entry("gib", 1L << 30),
            Map.entry("tib", 1L << 40), Map.entry("kb", 1_000L), Map.entry("mb", 1_000_000L),
            Map.entry("gb", 1_000_000_000L), Map.entry("tb", 1_000_000_000_000L), Map.entry("b", 1L));

    /** Parses {@code 10GB}, {@code 512MiB}, {@code 1000} (bytes), as go-humanize's {@code ParseBytes}. */
    static long parseBytes(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        for (Map.Entry<String, Long> u : UNITS) {
            if (s.endsWith(u.getKey())) {
                s = s.substring(0, s.length() - u.getKey().length());
                unit = u.getValue();
                break;
            }
        }
        try {
            double value = Double.parseDouble(s);
            if (value < 0 || Double.isNaN(value) || value * unit >= Long.MAX_VALUE) {
                throw new IllegalArgumentException("size out of range: " + text);
            }
            return (long) (value * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + text + "' (use e.g. 10GB or 512MiB)", e);
        }
    }
}
