package io.hypha.protocol.bitswap;

import io.hypha.block.Block;
import io.hypha.block.BlockExchange;
import io.hypha.block.MemoryBlockstore;
import io.hypha.host.Host;
import io.hypha.host.HostConfig;
import io.hypha.host.HostEvent;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.protocol.identify.Identify;
import io.hypha.protocol.perf.Perf;
import io.hypha.protocol.perf.PerfResult;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bitswap between two hosts over loopback TCP (Noise, yamux): blocks fetched in one session with a window of wants
 * in flight, side by side with the perf protocol moving the same bytes on the same connection (the ceiling Bitswap
 * runs under). Prints MB/s and the ratio; asserts nothing. Arguments: total MiB, block KiB, window.
 */
public final class BitswapBenchmark {
    private BitswapBenchmark() {}

    public static void main(String[] args) throws Exception {
        int totalMib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int blockKib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        System.out.printf("machine: %s, %d cores, Java %s%n", InetAddress.getLocalHost().getHostName(),
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        Host a = start("bench/a");
        Host b = start("bench/b");
        Identify.install(a);
        Identify.install(b);
        Perf.enableServer(a);
        MemoryBlockstore storeA = new MemoryBlockstore();
        List<Cid> cids = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(1);
        int blocks = (int) ((long) totalMib * 1024 / blockKib);
        for (int i = 0; i < blocks; i++) {
            byte[] data = new byte[blockKib * 1024];
            for (int j = 0; j < data.length; j += 8) {
                long v = random.nextLong();
                for (int k = 0; k < 8 && j + k < data.length; k++) {
                    data[j + k] = (byte) (v >>> (8 * k));
                }
            }
            Block block = Block.of(Multicodec.RAW, HashAlgorithm.SHA2_256, data);
            storeA.put(block).join();
            cids.add(block.cid());
        }
        Bitswap bitswapA = Bitswap.install(a, BitswapConfig.defaults(), storeA, ProviderRouting.NONE);
        Bitswap bitswapB = Bitswap.install(b, BitswapConfig.defaults(), new MemoryBlockstore(), ProviderRouting.NONE);
        CompletableFuture<Void> identified = new CompletableFuture<>();
        b.subscribe(HostEvent.PeerIdentified.class, e -> identified.complete(null));
        b.connect(a.listenAddresses().get(0).withPeerId(a.peerId())).get(30, TimeUnit.SECONDS);
        identified.get(30, TimeUnit.SECONDS);
        long bytes = (long) blocks * blockKib * 1024;
        for (int round = 0; round < 3; round++) {
            PerfResult perf = Perf.run(b, a.peerId(), 0, bytes).get(10, TimeUnit.MINUTES);
            double perfMbs = perf.downloadBytesPerSecond() / 1e6;
            long t0 = System.nanoTime();
            Semaphore slots = new Semaphore(window);
            List<CompletableFuture<Optional<Block>>> all = new ArrayList<>();
            try (BlockExchange.Session session = bitswapB.session()) {
                for (Cid c : cids) {
                    slots.acquire();
                    CompletableFuture<Optional<Block>> f = session.fetch(c);
                    f.whenComplete((x, e) -> slots.release());
                    all.add(f);
                }
                for (var f : all) {
                    if (f.get(5, TimeUnit.MINUTES).isEmpty()) {
                        throw new IllegalStateException("a block was not fetched");
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double mbs = bytes / 1e6 / secs;
            System.out.printf("round %d: bitswap %d x %d KiB (window %d): %.0f MB/s; perf download on the same connection: "
                    + "%.0f MB/s; ratio %.2f%n", round, blocks, blockKib, window, mbs, perfMbs, mbs / perfMbs);
        }
        System.out.println("stats: " + bitswapB.stats() + "\nledger at the holder: " + bitswapA.ledger(b.peerId()));
        bitswapA.close();
        bitswapB.close();
        a.closeAsync().get(30, TimeUnit.SECONDS);
        b.closeAsync().get(30, TimeUnit.SECONDS);
    }

    private static Host start(String agent) throws Exception {
        return Host.builder().listen("/ip4/127.0.0.1/tcp/0").config(HostConfig.defaults(agent)).start()
                .get(30, TimeUnit.SECONDS);
    }
}
