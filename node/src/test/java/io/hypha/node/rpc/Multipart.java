package io.hypha.node.rpc;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Builds multipart/form-data bodies as kubo-rpc-client and Kubo's CLI write them, for tests. */
final class Multipart {
    static final String BOUNDARY = "-----------------------------hyphatestboundary";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int index;

    Multipart file(String path, byte[] content) {
        return part(path, "application/octet-stream", content);
    }

    Multipart directory(String path) {
        return part(path, "application/x-directory", new byte[0]);
    }

    Multipart symlink(String path, String target) {
        return part(path, "application/symlink", target.getBytes(StandardCharsets.UTF_8));
    }

    Multipart part(String path, String type, byte[] content) {
        if (index > 0) {
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        String field = (type.equals("application/x-directory") ? "dir" : "file") + (index > 0 ? "-" + index : "");
        index++;
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + URLEncoder.encode(path, StandardCharsets.UTF_8).replace("+", "%20") + "\"\r\nContent-Type: " + type
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        return this;
    }

    /** The whole body, closed. */
    byte[] body() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(out.toByteArray());
        b.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    /** The body so far, without its closing boundary (a cut-short upload). */
    byte[] unfinished() {
        return out.toByteArray();
    }

    static String contentType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }
}
