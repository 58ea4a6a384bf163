package io.hypha.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.hypha.multiaddr.Multiaddr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The body {@code hypha add} sends a daemon, read back by a plain HTTP server: Kubo's multipart form, a part per
 * entry in the order {@code ipfs add -r} sends them, directories as {@code application/x-directory}, names
 * percent-encoded, file bytes as they are on disk, dotfiles only when asked.
 */
class MultipartUploadTest {
    @TempDir
    Path dir;

    private record Part(String filename, String type, String body) {}

    private static List<Part> parts(String contentType, byte[] body) {
        String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
        String text = new String(body, StandardCharsets.ISO_8859_1);
        assertTrue(text.endsWith("--" + boundary + "--\r\n"), "closing boundary");
        List<Part> parts = new ArrayList<>();
        for (String chunk : text.split("--" + boundary + "(--)?\r\n")) {
            if (chunk.isEmpty()) {
                continue;
            }
            int headEnd = chunk.indexOf("\r\n\r\n");
            String head = chunk.substring(0, headEnd);
            String content = chunk.substring(headEnd + 4, chunk.length() - 2);
            String filename = head.replaceAll("(?s).*filename=\"([^\"]*)\".*", "$1");
            String type = head.replaceAll("(?s).*Content-Type: ([^\r\n]*).*", "$1");
            assertTrue(head.startsWith("Content-Disposition: form-data; name=\"file\"; "), head);
            parts.add(new Part(filename, type, content));
        }
        return parts;
    }

    @Test
    void aTreeIsSentAsKubosMultipartForm() throws Exception {
        Path root = Files.createDirectories(dir.resolve("my dir"));
        Files.writeString(root.resolve("a.txt"), "alpha");
        Files.createDirectories(root.resolve("sub"));
        Files.write(root.resolve("sub").resolve("b.bin"), new byte[] {0, 1, 2, (byte) 0xff});
        Files.writeString(root.resolve(".hidden"), "secret");
        Files.createSymbolicLink(root.resolve("link"), Path.of("a.txt"));

        assertEquals(List.of(
                new Part("my%20dir", "application/x-directory", ""),
                new Part("my%20dir%2Fa.txt", "application/octet-stream", "alpha"),
                new Part("my%20dir%2Flink", "application/symlink", "a.txt"),
                new Part("my%20dir%2Fsub", "application/x-directory", ""),
                new Part("my%20dir%2Fsub%2Fb.bin", "application/octet-stream", "\0\1\2\u00ff")),
                send(MultipartUpload.tree(List.of(root), false)));
    }

    /** Sends the upload to a server that records it and answers one entry; returns the parts it received. */
    private static List<Part> send(MultipartUpload upload) throws Exception {
        AtomicReference<String> type = new AtomicReference<>();
        AtomicReference<byte[]> body = new AtomicReference<>();
        AtomicReference<String> query = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v0/add", ex -> {
            type.set(ex.getRequestHeaders().getFirst("Content-Type"));
            query.set(ex.getRequestURI().getRawQuery());
            body.set(ex.getRequestBody().readAllBytes());
            byte[] answer = "{\"Name\":\"d\",\"Hash\":\"bafyroot\",\"Size\":\"9\"}\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
        try (ApiClient api = new ApiClient(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + server.getAddress().getPort()))) {
            List<String> names = new ArrayList<>();
            api.lines("add", List.of(), Map.of("pin", "true"), upload.body(), upload.contentType(),
                    l -> names.add(l.get("Name").asText() + " " + l.get("Hash").asText()));
            assertEquals(List.of("d bafyroot"), names);
        } finally {
            server.stop(0);
        }
        assertEquals("pin=true", query.get());
        return parts(type.get(), body.get());
    }

    @Test
    void hiddenFilesOnlyWhenAskedAndSingleParts() throws Exception {
        Path root = Files.createDirectories(dir.resolve("d"));
        Files.writeString(root.resolve(".env"), "x");
        assertEquals(List.of(new Part("d", "application/x-directory", ""),
                new Part("d%2F.env", "application/octet-stream", "x")), send(MultipartUpload.tree(List.of(root), true)));
        assertEquals(List.of(new Part("d", "application/x-directory", "")), send(MultipartUpload.tree(List.of(root), false)));
        assertEquals("%C3%A9t%C3%A9%2Bx", MultipartUpload.encode("été+x"));
        assertEquals(List.of(new Part("data", "application/octet-stream", "blk")),
                send(MultipartUpload.bytes("blk".getBytes(StandardCharsets.UTF_8))));
        assertEquals(List.of(new Part(".env", "application/octet-stream", "x")),
                send(MultipartUpload.files(List.of(root.resolve(".env")))));
    }
}
