package io.hypha.interop;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.node.unixfs.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hypha's {@code --only-hash} CIDs against two importers nobody here wrote: {@code ipfs_cid} (Debian
 * {@code ipfs-cid}, Kubo's default profile, CIDv0) and ipfs-unixfs-importer 17.1.1 on the pinned Node 22
 * ({@code js/unixfs-cid.mjs}), for both IPIP-0499 profiles, the chunk and link-count boundaries, a 100 MiB file,
 * a directory tree and a directory past the HAMT threshold, in balanced and trickle layouts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnixfsCidInteropTest {
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final long SEED = 0x4879706861L;
    /** Files at and around the chunk sizes and the v0 link limit, plus one large enough to be three levels. */
    private static final long[] SIZES = {0, 1, 262143, 262144, 262145, MIB - 1, MIB, MIB + 1, 174L * 256 * KIB,
        174L * 256 * KIB + 1, 100L * MIB};
    /** Files in the sharded directory: about 300 KiB by either estimate, past the 256 KiB threshold. */
    private static final int SHARDED_DIR_FILES = 4000;
    /** How long an external CID tool may take over all inputs. */
    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(5);
    private static final String IPFS_CID = "ipfs_cid";

    private Path tmp;
    private final List<Path> files = new ArrayList<>();
    private Path tree;
    private Path sharded;

    @BeforeAll
    void generateInputs(@TempDir Path dir) throws IOException {
        tmp = dir;
        SplittableRandom random = new SplittableRandom(SEED);
        for (long size : SIZES) {
            files.add(UnixfsInputs.file(tmp, size, random));
        }
        tree = UnixfsInputs.tree(tmp, random);
        sharded = UnixfsInputs.sharded(tmp, SHARDED_DIR_FILES, random);
    }

    /** The root CID {@code hypha add --only-hash} prints for {@code p} (the command run in-process). */
    private static String hypha(Profile profile, boolean trickle, Path p) {
        // a repo-dir that holds no repo: only the flags count, never the Import settings of a repo on this machine
        List<String> args = new ArrayList<>(List.of("add", "--only-hash", "-Q", "--profile", profile.id(),
                "--repo-dir", Path.of(System.getProperty("java.io.tmpdir"), "hypha-no-repo").toString()));
        if (trickle) {
            args.add("--trickle");
        }
        if (Files.isDirectory(p)) {
            args.add("-r");
        }
        args.add(p.toString());
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cl = io.hypha.node.cli.HyphaCli.commandLine();
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        int exit = cl.execute(args.toArray(String[]::new));
        assertEquals(0, exit, "hypha " + String.join(" ", args) + ": " + err);
        return out.toString().strip();
    }

    private static String run(List<String> cmd, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(TOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd.getFirst() + " did not finish within " + TOOL_TIMEOUT);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + err.join());
        }
        return out.join();
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs js/unixfs-cid.mjs over {@code paths}; returns path -> CID. */
    private static Map<Path, String> js(Profile profile, boolean trickle, List<Path> paths) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(JsPeer.nodeBinary().toString(), "unixfs-cid.mjs",
                "--profile", profile.id()));
        if (trickle) {
            cmd.add("--trickle");
        }
        paths.forEach(p -> cmd.add(p.toString()));
        Map<Path, String> cids = new LinkedHashMap<>();
        for (String line : run(cmd, JsPeer.jsDir()).split("\n")) {
            if (!line.isBlank()) {
                int space = line.indexOf(' ');
                cids.put(Path.of(line.substring(space + 1)), line.substring(0, space));
            }
        }
        assertEquals(paths.size(), cids.size(), "js printed one CID per path");
        return cids;
    }

    private void compareWithJs(Profile profile, boolean trickle, List<Path> paths) throws Exception {
        Map<Path, String> expected = js(profile, trickle, paths);
        List<Executable> checks = new ArrayList<>();
        for (Path p : paths) {
            String want = expected.get(p);
            String got = hypha(profile, trickle, p);
            checks.add(() -> assertEquals(want, got, profile + (trickle ? " trickle " : " ") + p.getFileName()));
        }
        assertAll(checks.stream().map(e -> (org.junit.jupiter.api.function.Executable) e::run));
    }

    private List<Path> everything() {
        List<Path> all = new ArrayList<>(files);
        all.add(tree);
        all.add(sharded);
        return all;
    }

    @Test
    void v0ProfileMatchesJs() throws Exception {
        compareWithJs(Profile.UNIXFS_V0_2015, false, everything());
    }

    @Test
    void v1ProfileMatchesJs() throws Exception {
        compareWithJs(Profile.UNIXFS_V1_2025, false, everything());
    }

    @Test
    void trickleLayoutMatchesJs() throws Exception {
        List<Path> some = files.subList(0, files.size() - 1);
        compareWithJs(Profile.UNIXFS_V0_2015, true, some);
        compareWithJs(Profile.UNIXFS_V1_2025, true, some);
    }

    @Test
    void defaultProfileMatchesIpfsCid() throws Exception {
        boolean present = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            present |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, IPFS_CID));
        }
        assumeTrue(present, "ipfs_cid is not on PATH (scripts/ensure-ipfs-cid.sh installs Debian's ipfs-cid);"
                + " the ipfs_cid comparison is skipped, the js comparisons still run");
        ObjectMapper json = new ObjectMapper();
        List<Executable> checks = new ArrayList<>();
        for (Path f : files) {
            JsonNode out = json.readTree(run(List.of(IPFS_CID, f.toString()), tmp));
            String want = out.get("CIDv0").asText();
            String got = hypha(Profile.UNIXFS_V0_2015, false, f);
            checks.add(() -> assertEquals(want, got, "ipfs_cid " + f.getFileName()));
        }
        assertAll(checks.stream().map(e -> (org.junit.jupiter.api.function.Executable) e::run));
    }

    /** A check run after all CIDs are computed, so one mismatch does not hide the others. */
    @FunctionalInterface
    private interface Executable {
        void run();
    }
}
