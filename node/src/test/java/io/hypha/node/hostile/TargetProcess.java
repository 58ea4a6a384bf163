package io.hypha.node.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.repo.Repo;
import io.hypha.peer.PeerId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A {@code hypha daemon} in a child JVM with a small heap ({@link #HEAP}), the launcher's memory flags and debug
 * logging, for the hostile-peer suite to attack. Collects the daemon's output; {@link #stats()} asks it for its
 * memory; {@link #stop()} sends SIGTERM and checks it exits cleanly.
 */
final class TargetProcess implements AutoCloseable {
    /** The daemon's heap: small, so that what an attack makes it hold shows. */
    static final String HEAP = "256m";
    /** The launcher's default direct-memory cap (the {@code hypha} script). */
    static final String MAX_DIRECT = "512m";
    static final long START_TIMEOUT_S = 60;
    /** Output lines kept; a flood of debug lines beyond this is counted, not kept. */
    static final int MAX_LINES = 400_000;

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Object statsLock = new Object();
    private CompletableFuture<Stats> pendingStats;
    private long dropped;
    final Multiaddr address;
    final PeerId peerId;
    final InetSocketAddress socketAddress;

    /** What the target reports about itself. */
    record Stats(long heap, long direct, long nettyDirect, long rss, long loops) {
        long directUsed() {
            return Math.max(direct, nettyDirect);
        }

        @Override
        public String toString() {
            return "heap " + (heap >> 20) + " MiB, direct " + (directUsed() >> 10) + " KiB, rss " + (rss >> 20)
                    + " MiB, event loops " + loops;
        }
    }

    /**
     * Starts a daemon on a fresh repo in {@code dir} (Kubo's test profile: loopback, no bootstrap) with
     * {@code swarm} as the config's {@code Swarm} section.
     */
    static TargetProcess start(Path dir, Map<String, Object> swarm) throws Exception {
        return start(dir, swarm, Map.of());
    }

    /** As {@link #start(Path, Map)}, with more config sections ({@code Routing} ...) set as given. */
    static TargetProcess start(Path dir, Map<String, Object> swarm, Map<String, Object> sections) throws Exception {
        return start(dir, swarm, sections, repo -> {});
    }

    /** What to put in the target's repo before it starts (blocks for it to serve). */
    @FunctionalInterface
    interface Seed {
        void into(Repo repo) throws Exception;
    }

    /** As {@link #start(Path, Map, Map)}, with {@code seed} run on the fresh repo before the daemon opens it. */
    static TargetProcess start(Path dir, Map<String, Object> swarm, Map<String, Object> sections, Seed seed)
            throws Exception {
        Path repoDir = dir.resolve("repo");
        try (Repo r = Repo.init(repoDir, Repo.RepoInitOptions.withProfiles(
                List.of(io.hypha.node.repo.ConfigProfile.TEST)))) {
            seed.into(r);
        }
        ObjectMapper json = new ObjectMapper();
        Path config = repoDir.resolve("config");
        ObjectNode tree = (ObjectNode) json.readTree(config.toFile());
        tree.set("Swarm", json.valueToTree(swarm));
        sections.forEach((k, v) -> tree.set(k, json.valueToTree(v)));
        json.writerWithDefaultPrettyPrinter().writeValue(config.toFile(), tree);
        return new TargetProcess(repoDir);
    }

    private TargetProcess(Path repoDir) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx" + HEAP, "-XX:MaxDirectMemorySize=" + MAX_DIRECT,
                "-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), HostileTarget.class.getName(),
                "--repo-dir", repoDir.toString(), "daemon", "--listen", "/ip4/127.0.0.1/tcp/0")
                .redirectErrorStream(true);
        pb.environment().put("HYPHA_LOG", "debug");
        process = pb.start();
        Thread.ofPlatform().daemon().name("target-output").start(this::collect);
        String announced;
        try {
            announced = ready.get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the target did not start: " + tail(40), e);
        }
        address = Multiaddr.parse(announced);
        peerId = address.peerId().orElseThrow();
        String s = announced.replaceAll(".*/tcp/(\\d+).*", "$1");
        socketAddress = new InetSocketAddress("127.0.0.1", Integer.parseInt(s));
    }

    private void collect() {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String address = null;
        try {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("STATS ")) {
                    completeStats(line);
                    continue;
                }
                synchronized (lines) {
                    if (lines.size() < MAX_LINES) {
                        lines.add(line);
                    } else {
                        dropped++;
                    }
                    lines.notifyAll(); // awaitLines
                }
                if (line.startsWith("Swarm announcing ") && address == null) {
                    address = line.substring("Swarm announcing ".length());
                }
                if (line.equals("Daemon is ready")) {
                    ready.complete(address);
                }
            }
        } catch (IOException e) {
            // process gone
        }
        ready.completeExceptionally(new IllegalStateException("the target exited"));
        ended.complete(null);
        synchronized (lines) {
            lines.notifyAll(); // no more lines: a waiter stops waiting
        }
        synchronized (statsLock) {
            if (pendingStats != null) {
                pendingStats.completeExceptionally(new IllegalStateException("the target exited: " + tail(30)));
            }
        }
    }

    private void completeStats(String line) {
        Map<String, Long> v = new java.util.HashMap<>();
        for (String part : line.substring("STATS ".length()).split(" ")) {
            String[] kv = part.split("=");
            v.put(kv[0], Long.parseLong(kv[1]));
        }
        synchronized (statsLock) {
            if (pendingStats != null) {
                pendingStats.complete(new Stats(v.get("heap"), v.get("direct"), v.get("nettyDirect"), v.get("rss"),
                        v.get("loops")));
                pendingStats = null;
            }
        }
    }

    /** The target's memory after a full GC; fails if the process died (for example of OutOfMemoryError). */
    Stats stats() throws Exception {
        CompletableFuture<Stats> f = new CompletableFuture<>();
        synchronized (statsLock) {
            pendingStats = f;
        }
        assertTrue(process.isAlive(), "the target died: " + tail(30));
        OutputStream in = process.getOutputStream();
        in.write("stats\n".getBytes(StandardCharsets.US_ASCII));
        in.flush();
        return f.get(60, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Output lines so far that contain {@code text}. */
    List<String> linesContaining(String text) {
        return lines(l -> l.contains(text));
    }

    List<String> lines(Predicate<String> which) {
        synchronized (lines) {
            return lines.stream().filter(which).toList();
        }
    }

    /** Waits up to {@code seconds} for an output line containing {@code text}. */
    String awaitLine(String text, long seconds) throws Exception {
        return awaitLines(text, 1, seconds).get(0);
    }

    /** Waits up to {@code seconds} for {@code count} output lines containing {@code text}. */
    List<String> awaitLines(String text, int count, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (lines) {
            while (true) {
                List<String> found = lines.stream().filter(l -> l.contains(text)).toList();
                if (found.size() >= count) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left); // woken by each line the reader thread adds
            }
        }
        throw new TimeoutException(count + " lines containing '" + text + "' not seen within " + seconds
                + " s; last lines: " + tail(20));
    }

    String tail(int n) {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        }
    }

    /** SIGTERM; the daemon must exit cleanly within 20 s. Returns its exit status. */
    int stop() throws Exception {
        if (!process.isAlive()) {
            return process.exitValue();
        }
        process.toHandle().destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the target did not stop within 20 s of SIGTERM: " + tail(20));
        }
        ended.get(10, TimeUnit.SECONDS);
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
