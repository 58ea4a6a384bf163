package io.hypha.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RepoVerifier;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A {@code hypha add} of a large file in a child JVM, killed with SIGKILL part way: the repo must open
 * again (the OS released the lock), verify clean, and hold only whole, readable blocks.
 */
class AddCrashTest {
    /** Size of the added file: big enough that the add is still running when the first blocks land. */
    private static final int FILE_MIB = 192;
    /** Blocks that must be on disk before the child is killed. */
    private static final int BLOCKS_BEFORE_KILL = 16;
    /** Bound on waiting for the child to write them, and on waiting for it to die. */
    private static final long DEADLINE_SECONDS = 120;

    @TempDir
    Path tmp;

    @Test
    void aKilledAddLeavesAConsistentRepo() throws Exception {
        Path repoDir = tmp.resolve("repo");
        Repo.init(repoDir, Repo.RepoInitOptions.DEFAULTS).close();
        Path big = tmp.resolve("big.bin");
        writeRandom(big, FILE_MIB);

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                HyphaCli.class.getName(), "add", big.toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectOutput(tmp.resolve("child.out").toFile())
                .redirectError(tmp.resolve("child.err").toFile());
        pb.environment().put(Repo.PATH_ENV, repoDir.toString());
        Process child = pb.start();
        boolean aliveAtKill;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            long blocks = 0;
            while (child.isAlive() && System.nanoTime() < deadline
                    && (blocks = countBlocks(repoDir.resolve(Repo.BLOCKS_DIR))) < BLOCKS_BEFORE_KILL) {
                Thread.onSpinWait();
            }
            aliveAtKill = child.isAlive();
            assertTrue(blocks >= BLOCKS_BEFORE_KILL, "the child wrote " + blocks + " blocks; stderr: "
                    + Files.readString(tmp.resolve("child.err")));
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS), "the child did not die");
        }
        assertTrue(aliveAtKill, "the add finished before it could be killed: make the file bigger");

        try (Repo repo = Repo.open(repoDir)) {
            assertEquals(List.of(), repo.pins().recursive(), "the killed add never got to pin its root");
            List<RepoVerifier.Corrupt> corrupt = new ArrayList<>();
            RepoVerifier.Result r = RepoVerifier.verify(repo.blocks(), corrupt::add);
            assertEquals(List.of(), corrupt);
            assertTrue(r.checked() >= BLOCKS_BEFORE_KILL, r.toString());
        }

        StringWriter out = new StringWriter();
        CommandLine cl = HyphaCli.commandLine(new PrintStream(OutputStream.nullOutputStream(), true,
                StandardCharsets.UTF_8));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        assertEquals(0, cl.execute("--repo-dir", repoDir.toString(), "repo", "verify"));
        assertTrue(out.toString().contains("verify complete, all blocks validated."), out.toString());
    }

    private static long countBlocks(Path blocks) throws IOException {
        try (Stream<Path> files = Files.walk(blocks)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".data")).count();
        } catch (java.io.UncheckedIOException e) {
            return 0; // a temporary file vanished while walking; count again
        }
    }

    private static void writeRandom(Path file, int mib) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[] chunk = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
    }
}
