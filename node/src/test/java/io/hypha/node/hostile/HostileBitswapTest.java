package io.hypha.node.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.block.MemoryBlockstore;
import io.hypha.host.Host;
import io.hypha.host.HostEvent;
import io.hypha.host.Stream;
import io.hypha.internal.netty.EventLoops;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import io.hypha.multiformats.Varint;
import io.hypha.protocol.bitswap.Bitswap;
import io.hypha.protocol.bitswap.BitswapConfig;
import io.hypha.protocol.bitswap.BitswapProtocol;
import io.hypha.protocol.bitswap.ProviderRouting;
import io.hypha.protocol.bitswap.message.BitswapCodec;
import io.hypha.protocol.bitswap.message.BitswapMessage;
import io.hypha.protocol.bitswap.message.BitswapVersion;
import io.hypha.protocol.bitswap.message.WantlistEntry;
import io.hypha.protocol.identify.Identify;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the Bitswap server of {@code hypha daemon} in a child JVM with a small heap: a wantlist flood with
 * want/cancel churn, a peer that wants every block and never reads them, oversized and malformed messages, and
 * blocks nobody asked for. The daemon stays within its memory bounds, cuts only the offending streams (with a logged
 * reason), stores nothing it did not ask for, and keeps serving a legitimate peer.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HostileBitswapTest {
    /** Wants per flood message and flood messages: ten times the wantlist bound, many times over. */
    static final int WANTS_PER_MESSAGE = 10_000;
    static final int FLOOD_MESSAGES = 10;
    static final int CHURN_MESSAGES = 50;
    /** Blocks the daemon holds for the never-reading peer to want: far more than the outstanding-bytes bound. */
    static final int BIG_BLOCKS = 48;

    private static EventLoopGroup group;

    @TempDir
    Path dir;
    private TargetProcess target;
    private final Random random = new Random(5);
    private final List<Block> seeded = new ArrayList<>();

    @BeforeAll
    static void startGroup() {
        group = EventLoops.newGroup(2, "attacker");
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void stopTarget() throws Exception {
        if (target != null) {
            try {
                assertTrue(target.isAlive(), "the daemon died: " + target.tail(30));
                target.stop();
                assertTrue(target.linesContaining("OutOfMemoryError").isEmpty(), "no OutOfMemoryError");
            } finally {
                target.close();
            }
        }
    }

    private void start(int blocks, int size) throws Exception {
        for (int i = 0; i < blocks; i++) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            seeded.add(Block.of(Multicodec.RAW, HashAlgorithm.SHA2_256, data));
        }
        target = TargetProcess.start(dir, Map.of(), Map.of(), repo -> repo.blocks().putAll(seeded).get(60, TimeUnit.SECONDS));
    }

    /** A peer that speaks Bitswap's protocol ids but never reads what is sent on them. */
    private Host attacker() throws Exception {
        Host h = Host.builder().eventLoopGroup(group).start().get(20, TimeUnit.SECONDS);
        for (var id : BitswapProtocol.IDS) {
            h.setStreamHandler(id, s -> s.channel().config().setAutoRead(false));
        }
        Identify.install(h);
        h.connect(target.address).get(20, TimeUnit.SECONDS);
        return h;
    }

    /** A legitimate peer fetches seeded blocks from the daemon. */
    private void legitimateFetch(int count) throws Exception {
        try (Host h = Host.builder().eventLoopGroup(group).start().get(20, TimeUnit.SECONDS)) {
            Identify.install(h);
            try (Bitswap bitswap = Bitswap.install(h, BitswapConfig.defaults(), new MemoryBlockstore(),
                    ProviderRouting.NONE)) {
                CompletableFuture<Void> identified = new CompletableFuture<>();
                h.subscribe(HostEvent.PeerIdentified.class, e -> identified.complete(null));
                h.connect(target.address).get(20, TimeUnit.SECONDS);
                identified.get(20, TimeUnit.SECONDS);
                for (Block b : seeded.subList(0, Math.min(count, seeded.size()))) {
                    Block got = bitswap.fetch(b.cid()).get(60, TimeUnit.SECONDS).orElseThrow(
                            () -> new AssertionError("the daemon did not serve " + b.cid()));
                    assertArrayEquals(b.data(), got.data());
                }
            }
        }
    }

    /** Whether the daemon has {@code cid}, asked as a peer asks: a fetch that ends empty means it said DONT_HAVE. */
    private boolean daemonHas(Cid cid) throws Exception {
        try (Host h = Host.builder().eventLoopGroup(group).start().get(20, TimeUnit.SECONDS)) {
            Identify.install(h);
            try (Bitswap bitswap = Bitswap.install(h, BitswapConfig.defaults(), new MemoryBlockstore(),
                    ProviderRouting.NONE)) {
                CompletableFuture<Void> identified = new CompletableFuture<>();
                h.subscribe(HostEvent.PeerIdentified.class, e -> identified.complete(null));
                h.connect(target.address).get(20, TimeUnit.SECONDS);
                identified.get(20, TimeUnit.SECONDS);
                return bitswap.fetch(cid).get(60, TimeUnit.SECONDS).isPresent();
            }
        }
    }

    private void assertBounded(String when) throws Exception {
        TargetProcess.Stats s = target.stats();
        System.out.println("[hostile bitswap] " + when + ": " + s);
        assertTrue(s.heap() < HostileDaemonTest.HEAP_BOUND, when + ": heap " + s);
        assertTrue(s.directUsed() < HostileDaemonTest.DIRECT_BOUND, when + ": direct memory " + s);
    }

    private static byte[] frame(BitswapMessage m) {
        return frame(BitswapCodec.encode(m, BitswapVersion.V1_2_0));
    }

    private static byte[] frame(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Varint.encode(body.length));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private Cid randomCid() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Cid.v1(Multicodec.RAW, Multihash.digest(HashAlgorithm.SHA2_256, b));
    }

    /** Opens a Bitswap 1.2.0 stream to the daemon and writes {@code frames} on it. */
    private void write(Host h, List<byte[]> frames) throws Exception {
        h.newStream(target.peerId, (Stream s) -> {
            for (byte[] f : frames) {
                s.channel().write(Unpooled.wrappedBuffer(f));
            }
            s.channel().flush();
            return null;
        }, BitswapProtocol.V120).get(20, TimeUnit.SECONDS);
    }

    @Test
    void aWantlistFloodWithWantCancelChurnIsBounded() throws Exception {
        start(4, 256 * 1024);
        assertBounded("before");
        try (Host h = attacker()) {
            List<byte[]> flood = new ArrayList<>();
            for (int m = 0; m < FLOOD_MESSAGES; m++) {
                List<WantlistEntry> wants = new ArrayList<>();
                for (int i = 0; i < WANTS_PER_MESSAGE; i++) {
                    wants.add(WantlistEntry.wantHave(randomCid(), i, true));
                }
                flood.add(frame(BitswapMessage.wants(wants)));
            }
            write(h, flood);
            List<byte[]> churn = new ArrayList<>();
            for (int m = 0; m < CHURN_MESSAGES; m++) {
                List<WantlistEntry> entries = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    Cid c = i % 3 == 0 ? seeded.get(i % seeded.size()).cid() : randomCid();
                    entries.add(WantlistEntry.wantBlock(c, i, true));
                    entries.add(WantlistEntry.cancel(c));
                }
                churn.add(frame(BitswapMessage.wants(entries)));
            }
            write(h, churn);
            legitimateFetch(4);
            assertBounded("during the flood");
        }
        legitimateFetch(4);
        assertBounded("after the flood");
    }

    @Test
    void aPeerThatWantsEveryBlockAndNeverReadsIsBounded() throws Exception {
        start(BIG_BLOCKS, 1024 * 1024);
        try (Host h = attacker()) {
            List<WantlistEntry> all = seeded.stream().map(b -> WantlistEntry.wantBlock(b.cid(), 1, true)).toList();
            for (int i = 0; i < 4; i++) {
                write(h, List.of(frame(BitswapMessage.wants(all))));
            }
            legitimateFetch(8);
            assertBounded("while the peer does not read");
        }
        assertBounded("after it left");
    }

    @Test
    void oversizedAndMalformedMessagesResetTheirStreamsOnly() throws Exception {
        start(2, 4096);
        try (Host h = attacker()) {
            byte[] tooLong = Varint.encode(BitswapProtocol.MAX_MESSAGE_BYTES + 1);
            byte[] garbage = frame(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01});
            // a payload block of 2 MiB + 1 bytes: protobuf field 3 {prefix=1, data=2}
            byte[] big = new byte[BitswapProtocol.MAX_BLOCK_BYTES + 1];
            byte[] prefix = {0x01, 0x55, 0x12, 0x20};
            ByteArrayOutputStream block = new ByteArrayOutputStream();
            block.write(0x0a);
            block.writeBytes(Varint.encode(prefix.length));
            block.writeBytes(prefix);
            block.write(0x12);
            block.writeBytes(Varint.encode(big.length));
            block.writeBytes(big);
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            message.write(0x1a);
            message.writeBytes(Varint.encode(block.size()));
            message.writeBytes(block.toByteArray());
            for (byte[] b : List.of(tooLong, garbage, frame(message.toByteArray()))) {
                write(h, List.of(b));
            }
            target.awaitLine("exceeds " + BitswapProtocol.MAX_MESSAGE_BYTES, 20);
            List<String> resets = target.awaitLines("resetting Bitswap stream", 3, 20);
            System.out.println("[hostile bitswap] " + String.join("\n", resets));
            assertFalse(h.connections(target.peerId).isEmpty(), "the connection stays up");
            legitimateFetch(2);
        }
    }

    @Test
    void blocksNobodyAskedForAreNeverStored() throws Exception {
        start(1, 4096);
        List<Block> unsolicited = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] data = new byte[1000 + i];
            random.nextBytes(data);
            unsolicited.add(Block.of(Multicodec.RAW, HashAlgorithm.SHA2_256, data));
        }
        try (Host h = attacker()) {
            write(h, List.of(frame(BitswapMessage.reply(unsolicited, List.of(), 0))));
            legitimateFetch(1); // by now the daemon has read and dropped them
        }
        for (Block b : unsolicited.subList(0, 3)) {
            assertFalse(daemonHas(b.cid()), "the daemon stored a block nobody asked for: " + b.cid());
        }
    }
}
