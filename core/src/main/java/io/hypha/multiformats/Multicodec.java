package io.hypha.multiformats;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The multicodec codes this node uses, by table name, tag and number (multiformats/multicodec
 * {@code table.csv}): CID versions and content codecs, key types, the multiaddr protocol codes, the
 * hash functions (also in {@link HashAlgorithm}, which can compute them) and a few serializations.
 *
 * <p>A conformance test checks every entry against {@code table.csv}. Codes the table does not hold are
 * not here: the multiaddr {@code memory} protocol (0x0309) lives in multiaddr's {@code protocols.csv}
 * only, so the multiaddr protocol table defines it.
 */
public enum Multicodec {
    IDENTITY("identity", "multihash", 0x00L),
    CIDV1("cidv1", "cid", 0x01L),
    CIDV2("cidv2", "cid", 0x02L),
    CIDV3("cidv3", "cid", 0x03L),
    IP4("ip4", "multiaddr", 0x04L),
    TCP("tcp", "multiaddr", 0x06L),
    SHA1("sha1", "multihash", 0x11L),
    SHA2_256("sha2-256", "multihash", 0x12L),
    SHA2_512("sha2-512", "multihash", 0x13L),
    SHA3_512("sha3-512", "multihash", 0x14L),
    SHA3_384("sha3-384", "multihash", 0x15L),
    SHA3_256("sha3-256", "multihash", 0x16L),
    SHA3_224("sha3-224", "multihash", 0x17L),
    SHAKE_128("shake-128", "multihash", 0x18L),
    SHAKE_256("shake-256", "multihash", 0x19L),
    KECCAK_224("keccak-224", "multihash", 0x1aL),
    KECCAK_256("keccak-256", "multihash", 0x1bL),
    KECCAK_384("keccak-384", "multihash", 0x1cL),
    KECCAK_512("keccak-512", "multihash", 0x1dL),
    BLAKE3("blake3", "multihash", 0x1eL),
    SHA2_384("sha2-384", "multihash", 0x20L),
    DCCP("dccp", "multiaddr", 0x21L),
    MURMUR3_X64_64("murmur3-x64-64", "hash", 0x22L),
    IP6("ip6", "multiaddr", 0x29L),
    IP6ZONE("ip6zone", "multiaddr", 0x2aL),
    IPCIDR("ipcidr", "multiaddr", 0x2bL),
    PATH("path", "namespace", 0x2fL),
    MULTICODEC("multicodec", "multiformat", 0x30L),
    MULTIHASH("multihash", "multiformat", 0x31L),
    MULTIADDR("multiaddr", "multiformat", 0x32L),
    MULTIBASE("multibase", "multiformat", 0x33L),
    VARSIG("varsig", "multiformat", 0x34L),
    DNS("dns", "multiaddr", 0x35L),
    DNS4("dns4", "multiaddr", 0x36L),
    DNS6("dns6", "multiaddr", 0x37L),
    DNSADDR("dnsaddr", "multiaddr", 0x38L),
    CBOR("cbor", "ipld", 0x51L),
    RAW("raw", "ipld", 0x55L),
    DAG_PB("dag-pb", "ipld", 0x70L),
    DAG_CBOR("dag-cbor", "ipld", 0x71L),
    LIBP2P_KEY("libp2p-key", "ipld", 0x72L),
    SCTP("sctp", "multiaddr", 0x84L),
    DAG_JOSE("dag-jose", "ipld", 0x85L),
    DAG_COSE("dag-cose", "ipld", 0x86L),
    IPLD("ipld", "namespace", 0xe2L),
    IPFS("ipfs", "namespace", 0xe3L),
    IPNS("ipns", "namespace", 0xe5L),
    SECP256K1_PUB("secp256k1-pub", "key", 0xe7L),
    DNSLINK("dnslink", "namespace", 0xe8L),
    X25519_PUB("x25519-pub", "key", 0xecL),
    ED25519_PUB("ed25519-pub", "key", 0xedL),
    UDP("udp", "multiaddr", 0x111L),
    P2P_WEBRTC_STAR("p2p-webrtc-star", "multiaddr", 0x113L),
    P2P_WEBRTC_DIRECT("p2p-webrtc-direct", "multiaddr", 0x114L),
    P2P_STARDUST("p2p-stardust", "multiaddr", 0x115L),
    WEBRTC_DIRECT("webrtc-direct", "multiaddr", 0x118L),
    WEBRTC("webrtc", "multiaddr", 0x119L),
    P2P_CIRCUIT("p2p-circuit", "multiaddr", 0x122L),
    DAG_JSON("dag-json", "ipld", 0x129L),
    UDT("udt", "multiaddr", 0x12dL),
    UTP("utp", "multiaddr", 0x12eL),
    UNIX("unix", "multiaddr", 0x190L),
    P2P("p2p", "multiaddr", 0x1a5L),
    HTTPS("https", "multiaddr", 0x1bbL),
    ONION("onion", "multiaddr", 0x1bcL),
    ONION3("onion3", "multiaddr", 0x1bdL),
    GARLIC64("garlic64", "multiaddr", 0x1beL),
    GARLIC32("garlic32", "multiaddr", 0x1bfL),
    TLS("tls", "multiaddr", 0x1c0L),
    SNI("sni", "multiaddr", 0x1c1L),
    NOISE("noise", "multiaddr", 0x1c6L),
    QUIC("quic", "multiaddr", 0x1ccL),
    QUIC_V1("quic-v1", "multiaddr", 0x1cdL),
    WEBTRANSPORT("webtransport", "multiaddr", 0x1d1L),
    CERTHASH("certhash", "multiaddr", 0x1d2L),
    WS("ws", "multiaddr", 0x1ddL),
    WSS("wss", "multiaddr", 0x1deL),
    P2P_WEBSOCKET_STAR("p2p-websocket-star", "multiaddr", 0x1dfL),
    HTTP("http", "multiaddr", 0x1e0L),
    HTTP_PATH("http-path", "multiaddr", 0x1e1L),
    JSON("json", "ipld", 0x200L),
    CAR("car", "serialization", 0x202L),
    X509_CERTIFICATE("x509-certificate", "serialization", 0x210L),
    IPNS_RECORD("ipns-record", "serialization", 0x300L),
    LIBP2P_PEER_RECORD("libp2p-peer-record", "libp2p", 0x301L),
    LIBP2P_RELAY_RSVP("libp2p-relay-rsvp", "libp2p", 0x302L),
    CAR_INDEX_SORTED("car-index-sorted", "serialization", 0x400L),
    TRANSPORT_BITSWAP("transport-bitswap", "transport", 0x900L),
    TRANSPORT_GRAPHSYNC_FILECOINV1("transport-graphsync-filecoinv1", "transport", 0x910L),
    TRANSPORT_IPFS_GATEWAY_HTTP("transport-ipfs-gateway-http", "transport", 0x920L),
    SHA2_224("sha2-224", "multihash", 0x1013L),
    SHA2_512_224("sha2-512-224", "multihash", 0x1014L),
    SHA2_512_256("sha2-512-256", "multihash", 0x1015L),
    P256_PUB("p256-pub", "key", 0x1200L),
    ED448_PUB("ed448-pub", "key", 0x1203L),
    RSA_PUB("rsa-pub", "key", 0x1205L),
    ED25519_PRIV("ed25519-priv", "key", 0x1300L),
    SECP256K1_PRIV("secp256k1-priv", "key", 0x1301L),
    BLAKE2B_160("blake2b-160", "multihash", 0xb214L),
    BLAKE2B_256("blake2b-256", "multihash", 0xb220L),
    BLAKE2B_384("blake2b-384", "multihash", 0xb230L),
    BLAKE2B_512("blake2b-512", "multihash", 0xb240L),
    BLAKE2S_128("blake2s-128", "multihash", 0xb250L),
    BLAKE2S_160("blake2s-160", "multihash", 0xb254L),
    BLAKE2S_224("blake2s-224", "multihash", 0xb25cL),
    BLAKE2S_256("blake2s-256", "multihash", 0xb260L),
    PLAINTEXTV2("plaintextv2", "multiaddr", 0x706c61L);

    private static final Map<Long, Multicodec> BY_CODE = new HashMap<>();
    private static final Map<String, Multicodec> BY_NAME = new HashMap<>();

    static {
        for (Multicodec c : values()) {
            BY_CODE.put(c.code, c);
            BY_NAME.put(c.codecName, c);
        }
    }

    private final String codecName;
    private final String tag;
    private final long code;

    Multicodec(String codecName, String tag, long code) {
        this.codecName = codecName;
        this.tag = tag;
        this.code = code;
    }

    /** The number, as written in a varint on the wire. */
    public long code() {
        return code;
    }

    /** The table name, for example {@code dag-pb}. */
    public String codecName() {
        return codecName;
    }

    /** The table tag, for example {@code ipld}, {@code multihash} or {@code multiaddr}. */
    public String tag() {
        return tag;
    }

    /** The entry with this code, if this enum has one. */
    public static Optional<Multicodec> forCode(long code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** The entry with this table name; throws {@link MultiformatException} for any other name. */
    public static Multicodec forName(String name) {
        Multicodec c = BY_NAME.get(Objects.requireNonNull(name, "name"));
        if (c == null) {
            throw new MultiformatException("multicodec: unknown name \"" + name + "\"");
        }
        return c;
    }

    @Override
    public String toString() {
        return codecName;
    }
}
