package io.hypha.node.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code Content-Type} of a UnixFS file served for people: by the name's extension when it is a known one,
 * else by sniffing its first {@link #SNIFF_BYTES} bytes for the common signatures of the WHATWG MIME sniffing
 * algorithm (the subset Go's {@code http.DetectContentType} implements that matters here: HTML, XML, PDF, PNG,
 * JPEG, GIF, WebP, text with a byte-order mark), then JSON by its first and last characters, then text/plain when
 * no byte is binary, else {@code application/octet-stream}.
 */
final class ContentTypes {
    /** Bytes looked at by {@link #sniff}. */
    static final int SNIFF_BYTES = 512;
    static final String OCTET_STREAM = "application/octet-stream";
    static final String TEXT = "text/plain; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", HTML), Map.entry("htm", HTML),
            Map.entry("css", "text/css; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("json", "application/json"),
            Map.entry("txt", TEXT), Map.entry("md", "text/markdown; charset=utf-8"),
            Map.entry("csv", "text/csv; charset=utf-8"), Map.entry("xml", "text/xml; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"), Map.entry("ico", "image/vnd.microsoft.icon"),
            Map.entry("pdf", "application/pdf"), Map.entry("wasm", "application/wasm"),
            Map.entry("zip", "application/zip"), Map.entry("gz", "application/gzip"),
            Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"), Map.entry("mp3", "audio/mpeg"),
            Map.entry("ogg", "audio/ogg"), Map.entry("wav", "audio/wav"), Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"), Map.entry("car", GatewayRequest.CAR_TYPE),
            Map.entry("bin", OCTET_STREAM));

    private static final String[] HTML_TAGS = {"<!DOCTYPE HTML", "<HTML", "<HEAD", "<SCRIPT", "<IFRAME", "<H1",
        "<DIV", "<FONT", "<TABLE", "<A", "<STYLE", "<TITLE", "<B", "<BODY", "<BR", "<P", "<!--"};

    private ContentTypes() {}

    /** The type for a file named {@code name} (may be null) whose first bytes are {@code head}. */
    static String of(String name, byte[] head, boolean wholeFile) {
        if (name != null) {
            int dot = name.lastIndexOf('.');
            if (dot >= 0) {
                String type = BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
                if (type != null) {
                    return type;
                }
            }
        }
        return sniff(head, wholeFile);
    }

    /** Sniffs {@code head}, the first bytes of a file ({@code wholeFile}: all of it). */
    static String sniff(byte[] head, boolean wholeFile) {
        int n = Math.min(head.length, SNIFF_BYTES);
        if (startsWith(head, n, 0xEF, 0xBB, 0xBF) || startsWith(head, n, 0xFE, 0xFF) || startsWith(head, n, 0xFF, 0xFE)) {
            return TEXT;
        }
        int start = 0;
        while (start < n && isWhitespace(head[start])) {
            start++;
        }
        for (String tag : HTML_TAGS) {
            if (matchesTag(head, n, start, tag)) {
                return HTML;
            }
        }
        if (startsWithText(head, n, start, "<?xml")) {
            return "text/xml; charset=utf-8";
        }
        if (startsWithText(head, n, 0, "%PDF-")) {
            return "application/pdf";
        }
        if (startsWith(head, n, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (startsWith(head, n, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWithText(head, n, 0, "GIF87a") || startsWithText(head, n, 0, "GIF89a")) {
            return "image/gif";
        }
        if (startsWithText(head, n, 0, "RIFF") && n >= 12 && startsWithText(head, n, 8, "WEBPVP")) {
            return "image/webp";
        }
        for (int i = 0; i < n; i++) {
            if (isBinary(head[i] & 0xFF)) {
                return OCTET_STREAM;
            }
        }
        if (wholeFile && start < n && (head[start] == '{' || head[start] == '[')) {
            int end = n - 1;
            while (end > start && isWhitespace(head[end])) {
                end--;
            }
            if ((head[start] == '{' && head[end] == '}') || (head[start] == '[' && head[end] == ']')) {
                return "application/json";
            }
        }
        return TEXT;
    }

    /** An HTML signature: the tag, case-insensitive, then a space or {@code >} (WHATWG "tag-terminating byte"). */
    private static boolean matchesTag(byte[] b, int n, int at, String tag) {
        if (at + tag.length() >= n || !startsWithText(b, n, at, tag)) {
            return false;
        }
        byte next = b[at + tag.length()];
        return next == ' ' || next == '>';
    }

    private static boolean startsWithText(byte[] b, int n, int at, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        if (at + t.length > n) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            int c = b[at + i];
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            int want = t[i];
            if (want >= 'a' && want <= 'z') {
                want -= 32;
            }
            if (c != want) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] b, int n, int... sig) {
        if (n < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((b[i] & 0xFF) != sig[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhitespace(byte c) {
        return c == '\t' || c == '\n' || c == 0x0C || c == '\r' || c == ' ';
    }

    /** WHATWG's binary data bytes. */
    private static boolean isBinary(int c) {
        return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1A) || (c >= 0x1C && c <= 0x1F);
    }
}
