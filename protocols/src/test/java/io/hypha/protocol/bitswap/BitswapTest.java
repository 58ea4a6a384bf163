package io.hypha.protocol.bitswap;

import static io.hypha.protocol.TestHosts.TIMEOUT_S;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.block.BlockExchange;
import io.hypha.block.MemoryBlockstore;
import io.hypha.host.Host;
import io.hypha.host.HostEvent;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.protocol.TestHosts;
import io.hypha.protocol.identify.Identify;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two hosts over loopback TCP (Noise, yamux, identify), each with Bitswap over a memory store. */
class BitswapTest {
    private Host a;
    private Host b;
    private final MemoryBlockstore storeA = new MemoryBlockstore();
    private final MemoryBlockstore storeB = new MemoryBlockstore();
    private Bitswap bitswapA;
    private Bitswap bitswapB;
    private final Random random = new Random(7);

    @BeforeEach
    void start() throws Exception {
        a = TestHosts.start("test/a");
        b = TestHosts.start("test/b");
        Identify.install(a);
        Identify.install(b);
        bitswapA = Bitswap.install(a, BitswapConfig.defaults(), storeA, ProviderRouting.NONE);
        bitswapB = Bitswap.install(b, BitswapConfig.defaults(), storeB, ProviderRouting.NONE);
        CompletableFuture<Void> identified = new CompletableFuture<>();
        b.subscribe(HostEvent.PeerIdentified.class, e -> identified.complete(null));
        b.connect(TestHosts.address(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
        identified.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        bitswapA.close();
        bitswapB.close();
        TestHosts.stop(a, b);
    }

    private Block stored(int size) throws Exception {
        byte[] data = new byte[size];
        random.nextBytes(data);
        Block block = Block.of(Multicodec.RAW, HashAlgorithm.SHA2_256, data);
        storeA.put(block).get(TIMEOUT_S, TimeUnit.SECONDS);
        return block;
    }

    @Test
    void fetchesABlockThePeerHas() throws Exception {
        Block block = stored(100_000);
        Optional<Block> got = bitswapB.fetch(block.cid()).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertTrue(got.isPresent());
        assertEquals(block.cid(), got.get().cid());
        assertArrayEquals(block.data(), got.get().data());
        assertEquals(1, bitswapB.stats().blocksReceived());
        assertEquals(1, bitswapA.ledger(b.peerId()).blocksSent());
        assertTrue(bitswapB.wantlist().isEmpty(), "the want is gone once met");
    }

    /** Fetches started back to back, each in a session of its own, all reach the peer: none overtakes its session. */
    @Test
    void fetchesStartedBackToBackInTheirOwnSessionsAllArrive() throws Exception {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            blocks.add(stored(1000 + i));
        }
        List<CompletableFuture<Optional<Block>>> fetches = blocks.stream().map(x -> bitswapB.fetch(x.cid())).toList();
        for (int i = 0; i < blocks.size(); i++) {
            assertArrayEquals(blocks.get(i).data(), fetches.get(i).get(TIMEOUT_S, TimeUnit.SECONDS)
                    .orElseThrow(() -> new AssertionError("a fetch ended empty")).data());
        }
    }

    @Test
    void aSmallBlockWantedByHaveComesWhole() throws Exception {
        Block small = stored(BitswapProtocol.WANT_HAVE_REPLACE_SIZE);
        assertArrayEquals(small.data(), bitswapB.fetch(small.cid()).get(TIMEOUT_S, TimeUnit.SECONDS).orElseThrow().data());
    }

    @Test
    void fetchesThousandsOfBlocksAtOnceInOneSession() throws Exception {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            blocks.add(stored(i % 100 == 0 ? 256 * 1024 : 4096));
        }
        try (BlockExchange.Session session = bitswapB.session()) {
            List<CompletableFuture<Optional<Block>>> fetches = blocks.stream().map(x -> session.fetch(x.cid())).toList();
            for (int i = 0; i < blocks.size(); i++) {
                assertArrayEquals(blocks.get(i).data(), fetches.get(i).get(TIMEOUT_S, TimeUnit.SECONDS).orElseThrow().data());
            }
        }
        assertEquals(2000, bitswapB.stats().blocksReceived());
        assertEquals(0, bitswapB.stats().dupBlocksReceived());
    }

    @Test
    void aBlockNobodyHasEndsEmptyInsteadOfHanging() throws Exception {
        Block absent = Block.raw("nobody has this".getBytes());
        long t0 = System.nanoTime();
        assertTrue(bitswapB.fetch(absent.cid()).get(TIMEOUT_S, TimeUnit.SECONDS).isEmpty());
        System.out.printf("DONT_HAVE ended the want in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void aCidV0WantIsMetByTheSameBytesStoredUnderCidV1() throws Exception {
        byte[] data = "the same bytes".getBytes();
        Block v1 = Block.of(Multicodec.DAG_PB, HashAlgorithm.SHA2_256, data);
        storeA.put(v1).get(TIMEOUT_S, TimeUnit.SECONDS);
        Cid v0 = Cid.v0(v1.cid().multihash());
        Block got = bitswapB.fetch(v0).get(TIMEOUT_S, TimeUnit.SECONDS).orElseThrow();
        assertEquals(v0, got.cid());
        assertArrayEquals(data, got.data());
    }

    @Test
    void bothSidesServeEachOther() throws Exception {
        Block onA = stored(5000);
        byte[] data = new byte[7000];
        random.nextBytes(data);
        Block onB = Block.raw(data);
        storeB.put(onB).get(TIMEOUT_S, TimeUnit.SECONDS);
        var fromA = bitswapB.fetch(onA.cid());
        var fromB = bitswapA.fetch(onB.cid());
        assertArrayEquals(onA.data(), fromA.get(TIMEOUT_S, TimeUnit.SECONDS).orElseThrow().data());
        assertArrayEquals(onB.data(), fromB.get(TIMEOUT_S, TimeUnit.SECONDS).orElseThrow().data());
    }

    /**
     * Helia writes several messages of up to 4 MiB back to back on one stream, and yamux may deliver them in one read:
     * they are all read, one message buffered at a time, none refused as "too much ahead".
     */
    @Test
    void severalFullSizeMessagesBackToBackOnOneStreamAreAllRead() throws Exception {
        Host raw = rawPeerOfA();
        try {
            List<Block> blocks = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                byte[] data = new byte[2_000_000];
                random.nextBytes(data);
                blocks.add(Block.raw(data));
            }
            try (BlockExchange.Session session = bitswapA.session()) {
                List<CompletableFuture<Optional<Block>>> fetches = blocks.stream().map(x -> session.fetch(x.cid())).toList();
                io.netty.buffer.CompositeByteBuf frames = io.netty.buffer.Unpooled.compositeBuffer();
                for (int i = 0; i < blocks.size(); i += 2) {
                    byte[] body = io.hypha.protocol.bitswap.message.BitswapCodec.encode(
                            io.hypha.protocol.bitswap.message.BitswapMessage.reply(blocks.subList(i, i + 2), List.of(), 0),
                            io.hypha.protocol.bitswap.message.BitswapVersion.V1_2_0);
                    assertTrue(body.length <= BitswapProtocol.MAX_MESSAGE_BYTES && body.length > 3_900_000);
                    frames.addComponent(true, io.netty.buffer.Unpooled.wrappedBuffer(
                            io.hypha.multiformats.Varint.encode(body.length), body));
                }
                raw.newStream(a.peerId(), st -> st.channel().writeAndFlush(frames), BitswapProtocol.V120)
                        .get(TIMEOUT_S, TimeUnit.SECONDS);
                for (int i = 0; i < blocks.size(); i++) {
                    assertArrayEquals(blocks.get(i).data(),
                            fetches.get(i).get(TIMEOUT_S, TimeUnit.SECONDS).orElseThrow().data());
                }
            }
        } finally {
            TestHosts.stop(raw);
        }
    }

    /** A host that speaks Bitswap's ids to A (reading and dropping what A sends) but runs no Bitswap: the test writes. */
    private Host rawPeerOfA() throws Exception {
        Host raw = TestHosts.start("test/raw");
        for (var id : BitswapProtocol.IDS) {
            raw.setStreamHandler(id, st -> st.channel().config().setAutoRead(true)); // reads and drops our wants
        }
        Identify.install(raw);
        CompletableFuture<Void> identified = new CompletableFuture<>();
        a.subscribe(HostEvent.PeerIdentified.class, e -> {
            if (e.peer().equals(raw.peerId())) {
                identified.complete(null);
            }
        });
        raw.connect(TestHosts.address(a)).get(TIMEOUT_S, TimeUnit.SECONDS);
        identified.get(TIMEOUT_S, TimeUnit.SECONDS);
        return raw;
    }

    /** Writes {@code messages} in order on one Bitswap 1.2.0 stream, each encoded as its version asks. */
    private static void send(Host from, Host to, List<io.hypha.protocol.bitswap.message.BitswapMessage> messages,
            List<io.hypha.protocol.bitswap.message.BitswapVersion> versions) throws Exception {
        io.netty.buffer.CompositeByteBuf frames = io.netty.buffer.Unpooled.compositeBuffer();
        for (int i = 0; i < messages.size(); i++) {
            byte[] body = io.hypha.protocol.bitswap.message.BitswapCodec.encode(messages.get(i), versions.get(i));
            frames.addComponent(true, io.netty.buffer.Unpooled.wrappedBuffer(
                    io.hypha.multiformats.Varint.encode(body.length), body));
        }
        from.newStream(to.peerId(), st -> st.channel().writeAndFlush(frames), BitswapProtocol.V120)
                .get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /**
     * A peer that answers a want with bytes that do not hash to the CID (sent under the CID's prefix in 1.2.0, as a
     * whole block in 1.0.0) does not meet it: the block is hashed on arrival, counted as unwanted and dropped; the
     * right bytes, when they come, do.
     */
    @Test
    void bytesThatDoNotHashToTheWantedCidAreDropped() throws Exception {
        Host raw = rawPeerOfA();
        try {
            byte[] right = "the block A wants".getBytes();
            Block wanted = Block.of(Multicodec.DAG_PB, HashAlgorithm.SHA2_256, right);
            Cid v0 = Cid.v0(wanted.cid().multihash());
            try (BlockExchange.Session session = bitswapA.session()) {
                CompletableFuture<Optional<Block>> fetch = session.fetch(v0);
                Block forged = new Block(v0, "other bytes entirely".getBytes()); // Block does not check its hash
                var forgedMessage = io.hypha.protocol.bitswap.message.BitswapMessage.reply(List.of(forged), List.of(), 0);
                var rightMessage = io.hypha.protocol.bitswap.message.BitswapMessage.reply(
                        List.of(new Block(v0, right)), List.of(), 0);
                // one stream, read in order: the forgery as 1.2.0 sends it (CID prefix + data), as 1.0.0 does (whole
                // block in the blocks field), then the right bytes
                send(raw, a, List.of(forgedMessage, forgedMessage, rightMessage),
                        List.of(io.hypha.protocol.bitswap.message.BitswapVersion.V1_2_0,
                                io.hypha.protocol.bitswap.message.BitswapVersion.V1_0_0,
                                io.hypha.protocol.bitswap.message.BitswapVersion.V1_2_0));
                Block got = fetch.get(TIMEOUT_S, TimeUnit.SECONDS).orElseThrow();
                assertArrayEquals(right, got.data());
                assertEquals(v0, got.cid());
            }
            assertEquals(2, bitswapA.stats().dupBlocksReceived(), String.valueOf(bitswapA.stats()));
            assertTrue(storeA.get(v0).get(TIMEOUT_S, TimeUnit.SECONDS).isEmpty(), "Bitswap itself stores nothing");
        } finally {
            TestHosts.stop(raw);
        }
    }

    /** A store that counts the size lookups Bitswap's server makes. */
    private static final class CountingStore implements io.hypha.block.Blockstore {
        final MemoryBlockstore inner = new MemoryBlockstore();
        final java.util.concurrent.atomic.AtomicInteger sizes = new java.util.concurrent.atomic.AtomicInteger();

        @Override public CompletableFuture<Boolean> has(Cid cid) { return inner.has(cid); }
        @Override public CompletableFuture<Optional<Block>> get(Cid cid) { return inner.get(cid); }
        @Override public CompletableFuture<java.util.OptionalInt> size(Cid cid) {
            sizes.incrementAndGet();
            return inner.size(cid);
        }
        @Override public CompletableFuture<Void> put(Cid cid, byte[] data) { return inner.put(cid, data); }
        @Override public CompletableFuture<Void> putAll(java.util.Collection<Block> blocks) { return inner.putAll(blocks); }
        @Override public CompletableFuture<Boolean> delete(Cid cid) { return inner.delete(cid); }
        @Override public java.util.stream.Stream<io.hypha.multiformats.Multihash> keys() { return inner.keys(); }
        @Override public void close() { inner.close(); }
    }

    /**
     * One message may carry tens of thousands of wants (4 MiB of them); a peer's wantlist keeps 1,024, so the server
     * looks up no more than that many per message: the rest cost the peer its bytes, not our store lookups.
     */
    @Test
    void aMessageOfManyWantsCostsAtMostTheWantlistBoundInLookups() throws Exception {
        CountingStore counting = new CountingStore();
        Block held = Block.raw("held".getBytes());
        counting.put(held).get(TIMEOUT_S, TimeUnit.SECONDS);
        bitswapB.close(); // b serves from the counting store instead
        Bitswap server = Bitswap.install(b, BitswapConfig.defaults(), counting, ProviderRouting.NONE);
        bitswapB = server;
        Host raw = TestHosts.start("test/raw");
        try {
            Identify.install(raw);
            raw.connect(TestHosts.address(b)).get(TIMEOUT_S, TimeUnit.SECONDS);
            List<io.hypha.protocol.bitswap.message.WantlistEntry> wants = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                wants.add(io.hypha.protocol.bitswap.message.WantlistEntry.wantHave(
                        Block.raw(("want " + i).getBytes()).cid(), 1, false));
            }
            send(raw, b, List.of(io.hypha.protocol.bitswap.message.BitswapMessage.wants(wants)),
                    List.of(io.hypha.protocol.bitswap.message.BitswapVersion.V1_2_0));
            // then a want the server must answer, on the same stream's successor: once it is answered, the flood was read
            CompletableFuture<Void> answered = new CompletableFuture<>();
            for (var id : BitswapProtocol.IDS) {
                raw.setStreamHandler(id, st -> st.channel().pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                        io.netty.util.ReferenceCountUtil.release(msg);
                        answered.complete(null);
                    }
                }));
            }
            send(raw, b, List.of(io.hypha.protocol.bitswap.message.BitswapMessage.wants(List.of(
                    io.hypha.protocol.bitswap.message.WantlistEntry.wantBlock(held.cid(), 1, true)))),
                    List.of(io.hypha.protocol.bitswap.message.BitswapVersion.V1_2_0));
            answered.get(TIMEOUT_S, TimeUnit.SECONDS);
            assertTrue(counting.sizes.get() <= BitswapProtocol.MAX_WANTLIST_ENTRIES + 1,
                    counting.sizes.get() + " lookups for one message");
            assertTrue(server.wantlist(raw.peerId()).size() <= BitswapProtocol.MAX_WANTLIST_ENTRIES);
        } finally {
            TestHosts.stop(raw);
        }
    }
}
