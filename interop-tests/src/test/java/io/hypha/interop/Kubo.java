package io.hypha.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.peer.PeerId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A real Kubo (v0.43.1, built from the Go module proxy by {@code go/install.sh}) in a child process with its
 * own repo: {@code ipfs init --profile test} (loopback addresses on port 0, no bootstrap peers, no mDNS), then
 * {@code ipfs daemon}. Its command line is driven with the repo's {@code IPFS_PATH}, so the commands go through
 * the daemon's RPC API as a user's would.
 */
public final class Kubo implements AutoCloseable {
    public static final String VERSION = "0.43.1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    /** How much of the daemon's output is kept for failure messages. */
    private static final int MAX_LOG_CHARS = 1 << 20;

    private final Path repo;
    /** The daemon; null for a repo used offline. */
    private final Process daemon;
    private final StringBuffer log;
    private final PeerId peerId;
    private final Multiaddr swarm;
    private final Multiaddr gateway;

    private Kubo(Path repo, Process daemon, StringBuffer log, PeerId peerId, Multiaddr swarm, Multiaddr gateway) {
        this.gateway = gateway;
        this.repo = repo;
        this.daemon = daemon;
        this.log = log;
        this.peerId = peerId;
        this.swarm = swarm;
    }

    /** The Kubo binary; skips the calling test, saying what to install, when the build could not make one. */
    public static Path binary() throws IOException {
        Path dir = Path.of(System.getProperty("hypha.kubo.dir", "target"));
        Path skip = dir.resolve("kubo.skip");
        assumeTrue(!Files.exists(skip), () -> {
            try {
                return Files.readString(skip).strip();
            } catch (IOException e) {
                return "no Kubo: " + e;
            }
        });
        Path path = dir.resolve("kubo.path");
        if (!Files.exists(path)) {
            throw new IOException("no Kubo binary: " + path + " is missing (interop-tests/go/install.sh runs in "
                    + "the interop-tests build before its tests)");
        }
        return Path.of(Files.readString(path).strip());
    }

    /**
     * Initialises a repo in {@code dir} with the test profile and {@code profiles}, without a daemon: its commands
     * run offline on the repo.
     */
    public static Kubo init(Path dir, String... profiles) throws IOException, InterruptedException {
        Path repo = Files.createDirectories(dir.resolve("kubo"));
        String profile = String.join(",", prepend("test", profiles));
        run(repo, Duration.ofSeconds(60), null, "init", "--profile", profile);
        return new Kubo(repo, null, new StringBuffer(), null, null, null);
    }

    /** Initialises a repo in {@code dir} with the test profile and {@code profiles}, then starts the daemon. */
    public static Kubo start(Path dir, String... profiles) throws IOException, InterruptedException {
        Path repo = init(dir, profiles).repo;
        // the connections the tests make are theirs to close, not the connection manager's
        run(repo, Duration.ofSeconds(30), null, "config", "--json", "Swarm.ConnMgr.Type", "\"none\"");
        Process p = command(repo, "daemon", "--enable-gc=false").redirectErrorStream(true).start();
        StringBuffer log = new StringBuffer();
        CompletableFuture<String[]> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("kubo-out").start(() -> {
            String id = null;
            String addr = null;
            String gateway = null;
            try (BufferedReader r = p.inputReader(StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (log.length() < MAX_LOG_CHARS) {
                        log.append(line).append('\n');
                    }
                    if (line.startsWith("PeerID: ")) {
                        id = line.substring("PeerID: ".length()).strip();
                    } else if (line.startsWith("Swarm listening on ") && line.endsWith("(TCP)") && addr == null) {
                        addr = line.substring("Swarm listening on ".length(), line.length() - "(TCP)".length()).strip();
                    } else if (line.startsWith("Gateway server listening on ") && gateway == null) {
                        gateway = line.substring("Gateway server listening on ".length()).strip();
                    } else if (line.equals("Daemon is ready")) {
                        ready.complete(new String[] {id, addr, gateway});
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // the daemon ended
            }
            ready.completeExceptionally(new IOException("kubo daemon exited before it was ready:\n" + log));
        });
        String[] idAndAddr;
        try {
            idAndAddr = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("kubo daemon did not start: " + e + "\n" + log, e);
        }
        String hostPort = idAndAddr[1];
        int colon = hostPort.lastIndexOf(':');
        Multiaddr swarm = Multiaddr.parse("/ip4/" + hostPort.substring(0, colon) + "/tcp/" + hostPort.substring(colon + 1));
        Multiaddr gateway = idAndAddr[2] == null ? null : Multiaddr.parse(idAndAddr[2]);
        return new Kubo(repo, p, log, PeerId.parse(idAndAddr[0]), swarm, gateway);
    }

    private static List<String> prepend(String first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }

    private static ProcessBuilder command(Path repo, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binary().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("IPFS_PATH", repo.toString());
        env.put("IPFS_TELEMETRY", "off");
        env.put("GOLOG_LOG_LEVEL", "error");
        return pb;
    }

    /**
     * Runs {@code ipfs args...} against {@code repo}, feeding it {@code stdin} when not null; returns its stdout, or
     * fails with its exit code and stderr.
     */
    private static String run(Path repo, Duration timeout, Consumer<OutputStream> stdin, String... args)
            throws IOException, InterruptedException {
        Process p = command(repo, args).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                stdin.accept(in);
            }
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("ipfs " + String.join(" ", args) + " did not finish within " + timeout);
        }
        if (p.exitValue() != 0) {
            throw new KuboException(p.exitValue(), "ipfs " + String.join(" ", args) + " exited " + p.exitValue() + ": "
                    + err.join().strip());
        }
        return out.join();
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ipfs args...}: its stdout. */
    public String run(String... args) throws IOException, InterruptedException {
        return run(repo, Duration.ofMinutes(3), null, args);
    }

    /** {@code ipfs args...} with {@code stdin} written to its standard input. */
    public String runWithInput(Consumer<OutputStream> stdin, String... args) throws IOException, InterruptedException {
        return run(repo, Duration.ofMinutes(3), stdin, args);
    }

    /** {@code ipfs add -Q} of {@code data} (read to its end and closed) with {@code flags}: the root CID. */
    public Cid add(InputStream data, String... flags) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("add", "-Q", "--stdin-name=data"));
        args.addAll(List.of(flags));
        return Cid.decode(runWithInput(in -> {
            try (data) {
                data.transferTo(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, args.toArray(String[]::new)).strip());
    }

    /** {@code ipfs args... --enc=json}, parsed. */
    public JsonNode json(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--enc=json");
        return JSON.readTree(run(all.toArray(String[]::new)));
    }

    /** Streams {@code ipfs args...}'s stdout into {@code sink}. */
    public void stream(OutputStream sink, String... args) throws IOException, InterruptedException {
        Process p = command(repo, args).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        p.getOutputStream().close();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(sink);
        }
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("ipfs " + String.join(" ", args) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new KuboException(p.exitValue(), "ipfs " + String.join(" ", args) + " exited " + p.exitValue()
                    + ": " + err.join().strip());
        }
    }

    public PeerId peerId() {
        return peerId;
    }

    /** The TCP address its swarm listens on, without {@code /p2p}. */
    public Multiaddr swarmAddress() {
        return swarm;
    }

    /** The address of the daemon's HTTP gateway, as it printed it. */
    public Multiaddr gatewayAddress() {
        return gateway;
    }

    /** The multiaddr of the daemon's RPC API (from the repo's {@code api} file, as Kubo's own commands find it). */
    public Multiaddr apiAddress() throws IOException {
        return Multiaddr.parse(Files.readString(repo.resolve("api")).strip());
    }

    /** The daemon's output so far, for failure messages. */
    public String log() {
        return log.toString();
    }

    public boolean isAlive() {
        return daemon != null && daemon.isAlive();
    }

    /** Stops the daemon, if one runs, as a user would: with SIGTERM; and waits for it. */
    @Override
    public void close() throws InterruptedException {
        if (daemon == null) {
            return;
        }
        daemon.destroy();
        if (!daemon.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            daemon.destroyForcibly();
        }
    }

    /** A Kubo command that exited with an error. */
    static final class KuboException extends IOException {
        final int exitCode;

        KuboException(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }
}
