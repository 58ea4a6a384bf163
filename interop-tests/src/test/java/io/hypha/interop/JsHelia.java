package io.hypha.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multicodec;
import io.hypha.node.unixfs.Profile;
import io.hypha.peer.PeerId;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * A real Helia node ({@code js/helia-peer.mjs}: helia 7.1.15 with @helia/bitswap 4.0.19 as its only block
 * broker, @helia/unixfs 8.0.5, a memory blockstore; libp2p with tcp on 127.0.0.1, noise, yamux and identify, and
 * no DHT, bootstrap, mDNS or relay) on the pinned Node 22, driven by JSON lines ({@link JsLineProcess}). Blocks it
 * lacks come over Bitswap from the peers it is connected to, and from nowhere else.
 *
 * <p>Test data is named by (seed, size), never shipped: the js side and {@link #bytes}/{@link #stream} produce the
 * same bytes (see {@link DataStream}).
 */
public final class JsHelia implements AutoCloseable {
    /** How long the Helia node may take to start listening. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long adding may take: 100 MiB through the importer takes a few seconds. */
    static final Duration ADD_TIMEOUT = Duration.ofMinutes(5);
    /** How long a local command (has, peers, stat, addBlock) may take. */
    static final Duration LOCAL_TIMEOUT = Duration.ofSeconds(30);
    /**
     * How much longer than a fetch's own timeout the answer may take: the js side aborts the fetch at its
     * timeout and answers with an error, so a call that exceeds timeout + margin means the abort did not work.
     */
    static final Duration ANSWER_MARGIN = Duration.ofSeconds(10);

    /** What {@code add} made: the root, and the sha256 and length of the bytes the js side generated. */
    public record Added(Cid cid, String sha256, long size, double millis) {}

    /** What {@code cat} read: the sha256 and length of the file's bytes, and how long fetching and reading took. */
    public record Fetched(String sha256, long size, double millis) {}

    /** A file of a directory to add: its path inside the directory (with '/' for nesting) and its data. */
    public record DirFile(String path, long size, long seed) {
        public DirFile {
            Objects.requireNonNull(path, "path");
        }
    }

    /** What {@code pin} walked: the blocks of the DAG and how long fetching and pinning them took. */
    public record Pinned(long blocks, double millis) {}

    /** A directory entry as @helia/unixfs lists it. */
    public record Entry(String name, Cid cid, long size) {}

    /**
     * What the node's Bitswap decoded off the wire since it started: messages, the blocks they carried (duplicates
     * included) and those blocks' bytes, want-list entries and block presences.
     */
    public record Received(long messages, long blocks, long blockBytes, long wants, long presences) {}

    /**
     * The node's counters: blocks in its blockstore, what its Bitswap received, and every numeric value
     * @helia/bitswap reported to its metrics (helia_bitswap_sent_blocks_total, helia_bitswap_sent_data_bytes_total,
     * helia_bitswap_wantlist, helia_bitswap_peers, ...; 4.0.19 reports nothing it receives there).
     */
    public record Stat(long blocks, Received received, Map<String, Double> metrics) {
        /** A metric, or 0 when Bitswap has not reported it yet. */
        public double metric(String name) {
            return metrics.getOrDefault(name, 0.0);
        }
    }

    private final JsLineProcess js;
    private final PeerId peerId;
    private final List<Multiaddr> addresses;

    private JsHelia(JsLineProcess js) {
        this.js = js;
        JsonNode ready = js.ready();
        this.peerId = PeerId.parse(ready.get("peerId").asText());
        List<Multiaddr> a = new ArrayList<>();
        ready.get("addrs").forEach(n -> a.add(Multiaddr.parse(n.asText())));
        this.addresses = List.copyOf(a);
    }

    /** Starts a Helia node listening on 127.0.0.1. */
    public static JsHelia start() throws IOException {
        return new JsHelia(JsLineProcess.start("helia-peer.mjs", List.of(), START_TIMEOUT));
    }

    public PeerId peerId() {
        return peerId;
    }

    /** Listen addresses, each ending in {@code /p2p/<id>}. */
    public List<Multiaddr> addresses() {
        return addresses;
    }

    /** Adds the data of ({@code seed}, {@code size}) as a UnixFS file imported with {@code profile}'s settings. */
    public Added add(long seed, long size, Profile profile) throws IOException, TimeoutException {
        JsonNode r = js.call("add", Map.of("seed", Long.toUnsignedString(seed), "size", size, "profile",
                profile.id()), ADD_TIMEOUT);
        return new Added(Cid.decode(r.get("cid").asText()), r.get("sha256").asText(), r.get("size").asLong(),
                r.get("ms").asDouble());
    }

    /** Adds {@code files} (nested paths make subdirectories) wrapped in one directory; returns its CID. */
    public Cid addDir(List<DirFile> files, Profile profile) throws IOException, TimeoutException {
        List<Map<String, Object>> fs = new ArrayList<>();
        for (DirFile f : files) {
            fs.add(Map.of("path", f.path(), "size", f.size(), "seed", Long.toUnsignedString(f.seed())));
        }
        JsonNode r = js.call("addDir", Map.of("files", fs, "profile", profile.id()), ADD_TIMEOUT);
        return Cid.decode(r.get("cid").asText());
    }

    /** Puts {@code data} as one raw block (CIDv1, sha2-256); returns its CID. */
    public Cid addBlock(byte[] data) throws IOException, TimeoutException {
        return addBlock(data, Multicodec.RAW);
    }

    /** Puts {@code data} as one block of {@code codec} (CIDv1, sha2-256); returns its CID. */
    public Cid addBlock(byte[] data, Multicodec codec) throws IOException, TimeoutException {
        return Cid.decode(js.call("addBlock", Map.of("dataBase64", Base64.getEncoder().encodeToString(data), "codec",
                codec.code()), LOCAL_TIMEOUT).get("cid").asText());
    }

    /**
     * Reads the whole file {@code cid}, fetching the blocks it lacks over Bitswap; fails (IOException) if that
     * does not finish within {@code timeout}.
     */
    public Fetched cat(Cid cid, Duration timeout) throws IOException, TimeoutException {
        JsonNode r = fetch("cat", cid, timeout);
        return new Fetched(r.get("sha256").asText(), r.get("size").asLong(), r.get("ms").asDouble());
    }

    /** {@link #cat} on a virtual thread, for fetches that run side by side; the future completes either way. */
    public CompletableFuture<Fetched> catAsync(Cid cid, Duration timeout) {
        CompletableFuture<Fetched> f = new CompletableFuture<>();
        Thread.ofVirtual().name("helia-cat").start(() -> {
            try {
                f.complete(cat(cid, timeout));
            } catch (IOException | TimeoutException | RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** The bytes of block {@code cid}, fetched over Bitswap if missing; fails if not had within {@code timeout}. */
    public byte[] get(Cid cid, Duration timeout) throws IOException, TimeoutException {
        return Base64.getDecoder().decode(fetch("get", cid, timeout).get("dataBase64").asText());
    }

    /** Whether the node's blockstore holds {@code cid} (never fetches). */
    public boolean has(Cid cid) throws IOException, TimeoutException {
        return js.call("has", Map.of("cid", cid.toString()), LOCAL_TIMEOUT).get("has").asBoolean();
    }

    /** The entries of directory {@code cid}, fetching its blocks if needed. */
    public List<Entry> ls(Cid cid, Duration timeout) throws IOException, TimeoutException {
        List<Entry> out = new ArrayList<>();
        fetch("ls", cid, timeout).get("entries").forEach(e -> out.add(new Entry(e.get("name").asText(),
                Cid.decode(e.get("cid").asText()), e.get("size").asLong())));
        return List.copyOf(out);
    }

    /**
     * Pins {@code cid} recursively ({@code helia.pins.add}), fetching every block of its DAG that the node lacks over
     * Bitswap; fails (IOException) if that does not finish within {@code timeout}.
     */
    public Pinned pin(Cid cid, Duration timeout) throws IOException, TimeoutException {
        JsonNode r = fetch("pin", cid, timeout);
        return new Pinned(r.get("blocks").asLong(), r.get("ms").asDouble());
    }

    /** Dials {@code addr} (ending in {@code /p2p/<id>}); returns the peer it reached. */
    public PeerId connect(Multiaddr addr, Duration timeout) throws IOException, TimeoutException {
        JsonNode r = js.call("connect", Map.of("addr", addr.toString(), "timeoutMs", timeout.toMillis()),
                timeout.plus(ANSWER_MARGIN));
        return PeerId.parse(r.get("peer").asText());
    }

    /** Closes every connection to {@code peer}. */
    public void disconnect(PeerId peer) throws IOException, TimeoutException {
        js.call("disconnect", Map.of("peer", peer.toString()), LOCAL_TIMEOUT);
    }

    /** The peers the node has a connection to. */
    public List<PeerId> peers() throws IOException, TimeoutException {
        List<PeerId> out = new ArrayList<>();
        js.call("peers", Map.of(), LOCAL_TIMEOUT).get("peers").forEach(p -> out.add(PeerId.parse(p.asText())));
        return List.copyOf(out);
    }

    public Stat stat() throws IOException, TimeoutException {
        JsonNode r = js.call("stat", Map.of(), LOCAL_TIMEOUT);
        Map<String, Double> m = new LinkedHashMap<>();
        r.get("metrics").properties().forEach(e -> {
            if (e.getValue().isNumber()) {
                m.put(e.getKey(), e.getValue().asDouble());
            }
        });
        JsonNode in = r.get("received");
        Received received = new Received(in.get("messages").asLong(), in.get("blocks").asLong(),
                in.get("blockBytes").asLong(), in.get("wants").asLong(), in.get("presences").asLong());
        return new Stat(r.get("blocks").asLong(), received, Map.copyOf(m));
    }

    /** What the js process printed on stderr so far (for failure messages). */
    public String stderr() {
        return js.stderr();
    }

    private JsonNode fetch(String cmd, Cid cid, Duration timeout) throws IOException, TimeoutException {
        return js.call(cmd, Map.of("cid", cid.toString(), "timeoutMs", timeout.toMillis()),
                timeout.plus(ANSWER_MARGIN));
    }

    /** Stops Helia and the process (closing its stdin makes the script stop the node and exit). */
    @Override
    public void close() {
        js.close();
    }

    /** The first {@code size} bytes of the data of {@code seed}, as helia-peer.mjs generates them. */
    public static byte[] bytes(long seed, int size) {
        byte[] out = new byte[size];
        new DataStream(seed, size).fill(out, 0, size);
        return out;
    }

    /** The data of ({@code seed}, {@code size}) as a stream, generated as it is read. */
    public static InputStream stream(long seed, long size) {
        return new DataStream(seed, size);
    }

    /** The lowercase hex sha256 of the data of ({@code seed}, {@code size}), streamed through the digest. */
    public static String sha256(long seed, long size) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            try (InputStream in = stream(seed, size)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    d.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The test data generator shared with helia-peer.mjs: xoshiro128** (Blackman and Vigna) with its four 32-bit
     * state words seeded from two SplitMix64 outputs of {@code seed} (low then high half of the first, low then
     * high half of the second); each output word is written little-endian, and the data of (seed, size) is the
     * first {@code size} bytes of that stream.
     */
    static final class DataStream extends InputStream {
        private int s0;
        private int s1;
        private int s2;
        private int s3;
        private long left;
        private int word;
        /** Bytes of {@link #word} not yet handed out, low byte first. */
        private int wordBytes;

        DataStream(long seed, long size) {
            if (size < 0) {
                throw new IllegalArgumentException("size " + size);
            }
            long x = seed;
            x += 0x9E3779B97F4A7C15L;
            long z1 = mix(x);
            x += 0x9E3779B97F4A7C15L;
            long z2 = mix(x);
            s0 = (int) z1;
            s1 = (int) (z1 >>> 32);
            s2 = (int) z2;
            s3 = (int) (z2 >>> 32);
            left = size;
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        private int next() {
            int result = Integer.rotateLeft(s1 * 5, 7) * 9;
            int t = s1 << 9;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = Integer.rotateLeft(s3, 11);
            return result;
        }

        void fill(byte[] b, int off, int len) {
            int end = off + len;
            int i = off;
            while (i < end && wordBytes > 0) {
                b[i++] = (byte) word;
                word >>>= 8;
                wordBytes--;
            }
            while (end - i >= 4) {
                int w = next();
                b[i] = (byte) w;
                b[i + 1] = (byte) (w >>> 8);
                b[i + 2] = (byte) (w >>> 16);
                b[i + 3] = (byte) (w >>> 24);
                i += 4;
            }
            if (i < end) {
                word = next();
                wordBytes = 4;
                while (i < end) {
                    b[i++] = (byte) word;
                    word >>>= 8;
                    wordBytes--;
                }
            }
            left -= len;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            Objects.checkFromIndexSize(off, len, b.length);
            if (left == 0) {
                return len == 0 ? 0 : -1;
            }
            int n = (int) Math.min(len, left);
            fill(b, off, n);
            return n;
        }
    }
}
