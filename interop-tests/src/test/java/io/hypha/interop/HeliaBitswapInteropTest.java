package io.hypha.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.BlockNotFoundException;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RoutingConfig;
import io.hypha.node.unixfs.DirectoryEntry;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.node.unixfs.ImportOptions;
import io.hypha.node.unixfs.Profile;
import io.hypha.peer.PeerId;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bitswap with a real Helia node ({@link JsHelia}: helia 7.1.15, @helia/bitswap 4.0.19, Bitswap 1.2.0 only) over
 * TCP, Noise and yamux on loopback, both ways: Hypha fetches files Helia added with each importer profile (10 MiB and
 * 100 MiB, sha256 compared), Helia fetches files Hypha added, a directory tree crosses over, a block Helia lacks ends
 * with DONT_HAVE instead of a hang, and Helia hanging up mid-transfer fails the fetch clearly.
 */
class HeliaBitswapInteropTest {
    static final long TIMEOUT_S = 180;
    static final int MIB = 1024 * 1024;

    @TempDir
    static Path tmp;

    private static JsHelia helia;
    private static Repo repo;
    private static Node hypha;

    @BeforeAll
    static void start() throws Exception {
        helia = JsHelia.start();
        repo = Repo.init(tmp.resolve("repo"), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
        hypha = Node.builder().repo(repo).routing(RoutingConfig.Type.NONE).start().get(60, TimeUnit.SECONDS);
        connect();
    }

    @AfterAll
    static void stop() throws Exception {
        if (hypha != null) {
            hypha.close();
        }
        if (repo != null) {
            repo.close();
        }
        if (helia != null) {
            helia.close();
        }
    }

    /** Helia dials us (so that it runs identify and sees we speak Bitswap 1.2.0, which it insists on). */
    private static void connect() throws Exception {
        Multiaddr ours = hypha.host().listenAddresses().get(0).withPeerId(hypha.peerId());
        helia.connect(ours, Duration.ofSeconds(30));
    }

    private static String sha256Of(Cid cid) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            hypha.content().cat(cid, 0, -1, out).get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void hyphaFetchesTenMebibytesHeliaAdded(Profile profile) throws Exception {
        JsHelia.Added added = helia.add(profile.ordinal() + 10, 10 * MIB, profile);
        long t0 = System.nanoTime();
        assertEquals(added.sha256(), sha256Of(added.cid()));
        System.out.printf("Hypha fetched 10 MiB (%s) from Helia in %d ms%n", profile.id(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void hyphaFetchesAHundredMebibytesHeliaAdded(Profile profile) throws Exception {
        JsHelia.Added added = helia.add(profile.ordinal() + 100, 100 * MIB, profile);
        long t0 = System.nanoTime();
        assertEquals(added.sha256(), sha256Of(added.cid()));
        System.out.printf("Hypha fetched 100 MiB (%s) from Helia in %d ms%n", profile.id(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void heliaFetchesWhatHyphaAdded(Profile profile) throws Exception {
        long seed = profile.ordinal() + 1000;
        long size = 10L * MIB + 12345;
        Cid root = hypha.content().add("data", JsHelia.stream(seed, size),
                new Content.AddOptions(ImportOptions.profile(profile), true), ImportListener.NONE)
                .get(TIMEOUT_S, TimeUnit.SECONDS).root();
        JsHelia.Fetched fetched = helia.cat(root, Duration.ofSeconds(TIMEOUT_S));
        assertEquals(JsHelia.sha256(seed, size), fetched.sha256());
        assertEquals(size, fetched.size());
        System.out.printf("Helia fetched 10 MiB (%s) from Hypha in %.0f ms%n", profile.id(), fetched.millis());
    }

    @Test
    void aDirectoryTreeHeliaAddedIsListedAndReadByHypha() throws Exception {
        List<JsHelia.DirFile> files = List.of(new JsHelia.DirFile("a.txt", 1000, 1),
                new JsHelia.DirFile("docs/b.bin", 300_000, 2), new JsHelia.DirFile("docs/deep/c.bin", 2 * MIB, 3));
        Cid root = helia.addDir(files, Profile.UNIXFS_V1_2025);
        Map<String, DirectoryEntry> top = hypha.content().ls(root).get(TIMEOUT_S, TimeUnit.SECONDS).stream()
                .collect(Collectors.toMap(DirectoryEntry::name, Function.identity()));
        assertEquals(java.util.Set.of("a.txt", "docs"), top.keySet());
        Path out = tmp.resolve("tree");
        hypha.content().get(root, out).get(TIMEOUT_S, TimeUnit.SECONDS);
        for (JsHelia.DirFile f : files) {
            byte[] data = Files.readAllBytes(out.resolve(f.path()));
            assertEquals(JsHelia.sha256(f.seed(), f.size()),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)), f.path());
        }
    }

    @Test
    void aBlockHeliaLacksEndsWithDontHaveNotAHang() throws Exception {
        Cid absent = Cid.v1(Multicodec.RAW, Multihash.digest(HashAlgorithm.SHA2_256, "held by nobody".getBytes()));
        long t0 = System.nanoTime();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> hypha.content().blockGet(absent).get(TIMEOUT_S, TimeUnit.SECONDS));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertInstanceOf(BlockNotFoundException.class, e.getCause(), String.valueOf(e.getCause()));
        System.out.printf("a block Helia lacks: not found after %d ms%n", ms);
        assertTrue(ms < 20_000, "took " + ms + " ms: the DONT_HAVE did not end the want");
    }

    @Test
    void heliaHangingUpMidTransferFailsTheFetchClearly() throws Exception {
        JsHelia.Added added = helia.add(77, 100 * MIB, Profile.UNIXFS_V0_2015);
        PeerId us = hypha.peerId();
        CountingStream counted = new CountingStream();
        CompletableFuture<Long> cat = hypha.content().cat(added.cid(), 0, -1, counted);
        // once a few MiB have arrived, Helia hangs up on us
        counted.reached(4 * MIB).get(TIMEOUT_S, TimeUnit.SECONDS);
        helia.disconnect(us);
        long t0 = System.nanoTime();
        ExecutionException e = assertThrows(ExecutionException.class, () -> cat.get(TIMEOUT_S, TimeUnit.SECONDS));
        System.out.printf("Helia hung up after %d MiB: the fetch failed %d ms later with %s%n",
                counted.count / MIB, (System.nanoTime() - t0) / 1_000_000, e.getCause());
        assertInstanceOf(BlockNotFoundException.class, e.getCause(), String.valueOf(e.getCause()));
        assertTrue(counted.count < 100L * MIB);
        connect(); // and the node still fetches once Helia is back
        assertEquals(added.sha256(), sha256Of(added.cid()));
    }

    /** Counts what is written, and says when a count is reached. */
    private static final class CountingStream extends OutputStream {
        volatile long count;
        private final java.util.concurrent.ConcurrentSkipListMap<Long, CompletableFuture<Void>> waiters =
                new java.util.concurrent.ConcurrentSkipListMap<>();

        CompletableFuture<Void> reached(long n) {
            CompletableFuture<Void> f = waiters.computeIfAbsent(n, k -> new CompletableFuture<>());
            if (count >= n) {
                f.complete(null);
            }
            return f;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            waiters.headMap(count, true).values().forEach(f -> f.complete(null));
        }
    }
}
