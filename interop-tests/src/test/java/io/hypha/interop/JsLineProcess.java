package io.hypha.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A js script on the pinned Node 22 in a child process, driven by JSON lines: it prints one line (its "ready"
 * line) once started, then answers each command line {@code {"id":N,"cmd":...}} with one line carrying the same
 * id and {@code ok}. Answers may come out of order; each is matched to its command by id.
 */
final class JsLineProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the script may take to exit once its stdin closes, before it is killed. */
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    /** How much of the script's stderr is kept for failure messages; later lines are dropped. */
    private static final int MAX_STDERR_CHARS = 1 << 20;
    /** How much of the end of stderr a failed call's message carries. */
    private static final int STDERR_TAIL_CHARS = 8192;

    private final Process process;
    private final Writer stdin;
    private final JsonNode ready;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final StringBuffer stderr;

    private JsLineProcess(Process process, JsonNode ready, BufferedReader stdout, StringBuffer stderr) {
        this.process = process;
        this.ready = ready;
        this.stderr = stderr;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        // platform threads: a virtual thread blocked reading a pipe holds its carrier, and with one carrier per core
        // two such readers starve every other virtual thread of the JVM (the node's content work among them)
        Thread.ofPlatform().daemon().name("js-stdout").start(() -> readAnswers(stdout));
    }

    /**
     * Runs {@code script} (in {@link JsPeer#jsDir()}) with {@code args}, and waits up to {@code startTimeout} for
     * its ready line.
     */
    static JsLineProcess start(String script, List<String> args, Duration startTimeout) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(JsPeer.nodeBinary().toString(), script));
        cmd.addAll(args);
        return start(cmd, JsPeer.jsDir(), startTimeout);
    }

    /**
     * Runs any program that speaks the same JSON lines (the go peer does) in {@code dir}, and waits up to
     * {@code startTimeout} for its ready line.
     */
    static JsLineProcess start(List<String> cmd, java.nio.file.Path dir, Duration startTimeout) throws IOException {
        String script = cmd.size() > 1 && cmd.get(0).endsWith("node") ? cmd.get(1) : cmd.get(0);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        StringBuffer err = new StringBuffer();
        Thread.ofPlatform().daemon().name("js-stderr").start(() -> {
            try (BufferedReader r = p.errorReader(StandardCharsets.UTF_8)) {
                r.lines().forEach(l -> {
                    if (err.length() < MAX_STDERR_CHARS) {
                        err.append(l).append('\n');
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // the process ended
            }
        });
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
            line = first.get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while " + script + " started", e);
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new IOException(script + " did not start: " + e + "; stderr: " + err, e);
        }
        if (line == null) {
            throw new IOException(script + " exited before it was ready; stderr: " + err);
        }
        return new JsLineProcess(p, JSON.readTree(line), out, err);
    }

    /** The first line the script printed. */
    JsonNode ready() {
        return ready;
    }

    /** Sends a command and waits for its answer; fails if the script reports an error or does not answer in time. */
    JsonNode call(String cmd, Map<String, ?> args, Duration timeout) throws IOException, TimeoutException {
        int id = ids.incrementAndGet();
        ObjectNode req = JSON.valueToTree(args);
        req.put("id", id).put("cmd", cmd);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        JsonNode r;
        try {
            synchronized (stdin) {
                stdin.write(JSON.writeValueAsString(req) + "\n");
                stdin.flush();
            }
            r = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            TimeoutException t = new TimeoutException("js: no answer to " + cmd + " " + args + " within " + timeout
                    + "; stderr ends: " + stderrTail());
            t.initCause(e);
            throw t;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        } finally {
            pending.remove(id);
        }
        if (!r.path("ok").asBoolean()) {
            throw new IOException("js: " + cmd + " " + args + " failed: " + r.path("error").asText()
                    + "; stderr ends: " + stderrTail());
        }
        return r;
    }

    /** Kills the process at once, as a crash would. */
    void kill() {
        process.destroyForcibly();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What the script printed on stderr so far (for failure messages). */
    String stderr() {
        return stderr.toString();
    }

    private String stderrTail() {
        int n = stderr.length();
        return stderr.substring(Math.max(0, n - STDERR_TAIL_CHARS), n);
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
        IOException gone = new IOException("js process exited; stderr: " + stderr);
        pending.values().forEach(f -> f.completeExceptionally(gone));
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            synchronized (stdin) {
                stdin.close();
            }
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
