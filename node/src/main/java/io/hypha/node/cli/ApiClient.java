package io.hypha.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiaddr.Protocol;
import io.hypha.transport.tcp.TcpTransport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A client of a running daemon's RPC API, as Kubo's CLI is: each call POSTs {@code /api/v0/COMMAND?arg=...&opt=...},
 * an error answer becomes one {@link ApiException} carrying Kubo's {@code Message}, and bodies are read as they
 * arrive (a {@code cat} is copied straight through, ndjson lines are handed over one by one).
 */
final class ApiClient implements AutoCloseable {
    /** How long connecting to the API may take: it is on this machine or close by. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Multiaddr address;
    private final URI base;
    private final HttpClient http;

    private final String authorization;

    /** A call the daemon refused ({@link #status}) or that could not be made (status 0); one line for the user. */
    static final class ApiException extends IOException {
        private static final long serialVersionUID = 1L;

        /** The HTTP status of the refusal; 0 when no daemon answered. */
        final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        ApiException(String message, Throwable cause) {
            super(message, cause);
            this.status = 0;
        }
    }

    ApiClient(Multiaddr address) {
        this(address, null);
    }

    /**
     * A client of the API at {@code address}; {@code secret} (Kubo's {@code --api-auth}: {@code basic:USER:PASSWORD},
     * {@code bearer:TOKEN} or a bare token) is sent as the {@code Authorization} header when given.
     */
    ApiClient(Multiaddr address, String secret) {
        this.authorization = secret == null ? null : authorization(secret);
        this.address = address;
        this.base = URI.create("http://" + hostPort(address) + "/api/v0/");
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Parses an API multiaddr ({@code /ip4|ip6/ADDR/tcp/PORT} or {@code /dns*}{@code /HOST/tcp/PORT}). */
    static Multiaddr parseAddress(String text) {
        Multiaddr addr;
        try {
            addr = Multiaddr.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid API address '" + text.strip() + "': " + e.getMessage(), e);
        }
        hostPort(addr);
        return addr;
    }

    private static String hostPort(Multiaddr addr) {
        List<Protocol> p = addr.protocols();
        if (p.size() == 2 && p.get(1) == Protocol.TCP
                && (p.get(0) == Protocol.DNS || p.get(0) == Protocol.DNS4 || p.get(0) == Protocol.DNS6)) {
            return addr.valueOf(p.get(0)).orElseThrow() + ":" + addr.valueOf(Protocol.TCP).orElseThrow();
        }
        try {
            InetSocketAddress s = TcpTransport.toSocketAddress(addr);
            String host = s.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + s.getPort();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid API address '" + addr + "': use /ip4/HOST/tcp/PORT", e);
        }
    }

    /** The {@code Authorization} header for an {@code API.Authorizations} secret, as the daemon derives it. */
    static String authorization(String secret) {
        if (secret.startsWith("basic:")) {
            return "Basic " + java.util.Base64.getEncoder().encodeToString(
                    secret.substring("basic:".length()).getBytes(StandardCharsets.UTF_8));
        }
        return "Bearer " + (secret.startsWith("bearer:") ? secret.substring("bearer:".length()) : secret);
    }

    /** The daemon's API address. */
    Multiaddr address() {
        return address;
    }

    /** Whether a daemon answers at the address ({@code version}), even with a refusal; false when nothing listens. */
    boolean answers() {
        try {
            json("version", List.of(), Map.of());
            return true;
        } catch (ApiException e) {
            return e.status != 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Calls {@code command} and reads its JSON answer (null when the answer is empty). */
    JsonNode json(String command, List<String> args, Map<String, String> options) throws IOException {
        try (InputStream in = stream(command, args, options)) {
            byte[] body = in.readAllBytes();
            return body.length == 0 ? null : JSON.readTree(body);
        }
    }

    /** Calls {@code command} and hands each ndjson line of the answer to {@code line} as it arrives. */
    void lines(String command, List<String> args, Map<String, String> options, Consumer<JsonNode> line)
            throws IOException {
        lines(command, args, options, HttpRequest.BodyPublishers.noBody(), null, line);
    }

    /** As above, sending {@code body} with {@code contentType} (an upload). */
    void lines(String command, List<String> args, Map<String, String> options, HttpRequest.BodyPublisher body,
            String contentType, Consumer<JsonNode> line) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(send(command, args, options, body,
                contentType), StandardCharsets.UTF_8))) {
            for (String l; (l = in.readLine()) != null; ) {
                if (!l.isBlank()) {
                    line.accept(JSON.readTree(l));
                }
            }
        }
    }

    /** Calls {@code command} and returns its body to read as it arrives; the caller closes it. */
    InputStream stream(String command, List<String> args, Map<String, String> options) throws IOException {
        return send(command, args, options, HttpRequest.BodyPublishers.noBody(), null);
    }

    /** As {@link #stream}, sending {@code body} with {@code contentType}. */
    InputStream send(String command, List<String> args, Map<String, String> options,
            HttpRequest.BodyPublisher body, String contentType) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri(command, args, options)).POST(body);
        if (contentType != null) {
            req.header("Content-Type", contentType);
        }
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        HttpResponse<InputStream> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ApiException("cannot reach the daemon's API at " + address + ": "
                    + (e instanceof ConnectException ? "connection refused" : "connection timed out"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException(command + " interrupted");
        } catch (IOException e) {
            throw new ApiException("the daemon's API at " + address + " failed: " + e.getMessage(), e);
        }
        if (res.statusCode() == 200) {
            return new BrokenOff(command, res.body());
        }
        byte[] error;
        try (InputStream in = res.body()) {
            error = in.readNBytes(64 * 1024);
        }
        throw new ApiException(res.statusCode(), message(command, res.statusCode(), error));
    }

    /**
     * An answer's body whose failure mid-way (the daemon cuts the connection when a stream fails, see the RPC API)
     * reads as one line naming the command, not as the HTTP client's chunked-encoding state.
     */
    private static final class BrokenOff extends java.io.FilterInputStream {
        private final String command;

        BrokenOff(String command, InputStream in) {
            super(in);
            this.command = command;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw broken(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw broken(e);
            }
        }

        private IOException broken(IOException e) {
            return new ApiException("the daemon's answer to '" + command.replace('/', ' ')
                    + "' broke off before its end (see the daemon's log)", e);
        }
    }

    /** Kubo's error JSON's {@code Message}, or the status and text of any other answer. */
    private static String message(String command, int status, byte[] body) {
        try {
            JsonNode e = JSON.readTree(body);
            if (e != null && e.hasNonNull("Message")) {
                return e.get("Message").asText().replace('\n', ' ');
            }
        } catch (IOException notJson) {
            // fall through to the text
        }
        if (status == 404) {
            return "the daemon does not serve '" + command.replace('/', ' ') + "'";
        }
        if (status == 403) {
            return "the daemon's API refused '" + command.replace('/', ' ')
                    + "' (403): give a secret of its API.Authorizations with --api-auth";
        }
        String text = new String(body, StandardCharsets.UTF_8).strip().replace('\n', ' ');
        return "the daemon answered " + status + (text.isEmpty() ? "" : ": " + text);
    }

    private URI uri(String command, List<String> args, Map<String, String> options) {
        StringBuilder q = new StringBuilder();
        for (String a : args) {
            q.append(q.isEmpty() ? "?" : "&").append("arg=").append(URLEncoder.encode(a, StandardCharsets.UTF_8));
        }
        for (Map.Entry<String, String> o : options.entrySet()) {
            q.append(q.isEmpty() ? "?" : "&").append(URLEncoder.encode(o.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(o.getValue(), StandardCharsets.UTF_8));
        }
        return base.resolve(command + q);
    }

    /** Options in the order given: {@code opts("type", "all", "quiet", "true")}. */
    static Map<String, String> opts(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) { // an option not given is not sent
                m.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return m;
    }

    @Override
    public void close() {
        http.close();
    }
}
