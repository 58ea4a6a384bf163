package io.hypha.node.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@code multipart/form-data} body part by part as it streams in (RFC 7578, as go-ipfs-files and
 * kubo-rpc-client write it): each part's headers, then its bytes as a stream that ends at the next boundary.
 * Nothing but one buffer of {@link #BUFFER_BYTES} is held. A body that breaks the format (no boundary, headers
 * too long, cut short) fails with {@link MultipartException}.
 */
final class MultipartReader {
    /** The read buffer. */
    static final int BUFFER_BYTES = 256 * 1024;
    /** Largest header block of one part. */
    static final int MAX_PART_HEADER_BYTES = 8 * 1024;
    /** Longest boundary (RFC 2046 allows 70 characters). */
    static final int MAX_BOUNDARY_LENGTH = 70;

    /** The format is broken: a client error. */
    static final class MultipartException extends IOException {
        MultipartException(String message) {
            super(message);
        }
    }

    /** One part: its headers (names in lower case) and its content, readable until the next boundary. */
    record Part(Map<String, String> headers, InputStream content) {
        String contentType() {
            return headers.getOrDefault("content-type", "application/octet-stream");
        }

        /** The {@code filename} of its Content-Disposition, percent-decoded; empty when absent. */
        String filename() throws MultipartException {
            String cd = headers.get("content-disposition");
            if (cd == null) {
                return "";
            }
            String raw = parameter(cd, "filename");
            if (raw == null) {
                return "";
            }
            try {
                return URLDecoder.decode(raw, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new MultipartException("bad file name encoding: " + raw);
            }
        }
    }

    private final InputStream in;
    /** CRLF "--" boundary: what ends a part. */
    private final byte[] delimiter;
    private final byte[] buf = new byte[BUFFER_BYTES];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;
    private boolean finished;
    private PartStream current;

    /** Horspool's shift per byte value: how far the delimiter may move when that byte ends the window. */
    private final int[] shift = new int[256];

    private MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        java.util.Arrays.fill(shift, delimiter.length);
        for (int i = 0; i < delimiter.length - 1; i++) {
            shift[delimiter[i] & 0xff] = delimiter.length - 1 - i;
        }
    }

    /** A reader for {@code body} sent with {@code contentType}; a missing or bad boundary is a 400. */
    static MultipartReader open(InputStream body, String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            throw new RpcException(RpcException.Kind.CLIENT,
                    "request body must be multipart/form-data, not " + (contentType == null ? "absent" : contentType));
        }
        String boundary = parameter(contentType, "boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY_LENGTH) {
            throw new RpcException(RpcException.Kind.CLIENT, "multipart request has no valid boundary");
        }
        return new MultipartReader(body, boundary);
    }

    /** The next part, after skipping what is left of the previous one; null after the closing boundary. */
    Part next() throws IOException {
        if (finished) {
            return null;
        }
        if (current != null) {
            current.skipRest();
            current = null;
        } else if (!started) {
            skipPreamble();
        }
        started = true;
        // after a boundary: "--" closes the body, CRLF starts a part (transport padding allowed before it)
        fill(2);
        if (limit - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            finished = true;
            return null;
        }
        while (limit - pos >= 1 && (buf[pos] == ' ' || buf[pos] == '\t')) {
            pos++;
            fill(2);
        }
        if (limit - pos < 2 || buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw new MultipartException(limit - pos < 2 ? "multipart body ended without its closing boundary"
                    : "malformed multipart boundary line");
        }
        pos += 2;
        Map<String, String> headers = readHeaders();
        current = new PartStream();
        return new Part(headers, current);
    }

    /** Skips to just after the first boundary (which may open the body without a leading CRLF). */
    private void skipPreamble() throws IOException {
        byte[] first = java.util.Arrays.copyOfRange(delimiter, 2, delimiter.length);
        fill(first.length);
        if (startsWith(first, pos)) {
            pos += first.length;
            return;
        }
        while (true) {
            int at = indexOf(delimiter, pos, limit);
            if (at >= 0) {
                pos = at + delimiter.length;
                return;
            }
            if (eof) {
                throw new MultipartException("multipart body has no boundary");
            }
            pos = Math.max(pos, limit - delimiter.length + 1);
            fill(delimiter.length);
        }
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = readLine();
            total += line.length() + 2;
            if (total > MAX_PART_HEADER_BYTES) {
                throw new MultipartException("multipart part headers longer than " + MAX_PART_HEADER_BYTES + " bytes");
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MultipartException("malformed multipart part header");
            }
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos == limit) {
                fill(1);
                if (pos == limit) {
                    throw new MultipartException("multipart body ended inside a part's headers");
                }
            }
            byte c = buf[pos++];
            if (c == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            if (sb.length() > MAX_PART_HEADER_BYTES) {
                throw new MultipartException("multipart part headers longer than " + MAX_PART_HEADER_BYTES + " bytes");
            }
            sb.append((char) (c & 0xff));
        }
    }

    /** Reads until at least {@code want} bytes are buffered from {@code pos}, or the body ends. */
    private void fill(int want) throws IOException {
        if (limit - pos >= want || eof) {
            return;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit < want && !eof) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
    }

    private boolean startsWith(byte[] what, int at) {
        if (limit - at < what.length) {
            return false;
        }
        for (int i = 0; i < what.length; i++) {
            if (buf[at + i] != what[i]) {
                return false;
            }
        }
        return true;
    }

    /** Finds {@code what} in {@code buf[from, to)}: Horspool's search for the delimiter (skips up to its length per step). */
    private int indexOf(byte[] what, int from, int to) {
        if (what != delimiter) {
            for (int i = from; i <= to - what.length; i++) {
                if (startsWith(what, i)) {
                    return i;
                }
            }
            return -1;
        }
        int m = what.length;
        byte last = what[m - 1];
        for (int i = from; i <= to - m; ) {
            byte b = buf[i + m - 1];
            if (b == last && startsWith(what, i)) {
                return i;
            }
            i += shift[b & 0xff];
        }
        return -1;
    }

    /** A part's bytes: everything up to the next delimiter, handing out only bytes that cannot start one. */
    private final class PartStream extends InputStream {
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done || current != this) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            while (true) {
                int at = indexOf(delimiter, pos, limit);
                int safe = at >= 0 ? at : Math.max(pos, limit - delimiter.length + 1);
                if (safe > pos) {
                    int n = Math.min(len, safe - pos);
                    System.arraycopy(buf, pos, b, off, n);
                    pos += n;
                    return n;
                }
                if (at == pos) {
                    pos += delimiter.length;
                    done = true;
                    return -1;
                }
                if (eof) {
                    throw new MultipartException("multipart body ended inside a part (upload cut short)");
                }
                fill(Math.min(buf.length, limit - pos + delimiter.length + 1));
                if (limit - pos < delimiter.length && eof) {
                    throw new MultipartException("multipart body ended inside a part (upload cut short)");
                }
            }
        }

        void skipRest() throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // discard
            }
        }
    }

    /** A parameter of a header value ({@code name=value} or {@code name="value"}), or null. */
    static String parameter(String header, String name) {
        String lower = header.toLowerCase(Locale.ROOT);
        int i = 0;
        while ((i = lower.indexOf(name + "=", i)) >= 0) {
            boolean atStart = i == 0 || lower.charAt(i - 1) == ';' || lower.charAt(i - 1) == ' '
                    || lower.charAt(i - 1) == '\t';
            int v = i + name.length() + 1;
            if (atStart) {
                if (v < header.length() && header.charAt(v) == '"') {
                    StringBuilder sb = new StringBuilder();
                    for (int j = v + 1; j < header.length(); j++) {
                        char c = header.charAt(j);
                        if (c == '\\' && j + 1 < header.length()) {
                            sb.append(header.charAt(++j));
                        } else if (c == '"') {
                            return sb.toString();
                        } else {
                            sb.append(c);
                        }
                    }
                    return null;
                }
                int end = header.indexOf(';', v);
                return header.substring(v, end < 0 ? header.length() : end).trim();
            }
            i = v;
        }
        return null;
    }
}
