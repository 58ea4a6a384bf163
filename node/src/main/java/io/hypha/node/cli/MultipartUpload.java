package io.hypha.node.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files sent to the daemon as Kubo's client sends them: a {@code multipart/form-data} body with one {@code file}
 * part per entry. A tree ({@link #tree}, as {@code ipfs add -r}) goes parents before their children and siblings
 * by name, each entry named by its path relative to the added path's parent (percent-encoded, {@code /} included),
 * directories as empty {@code application/x-directory} parts, symlinks as {@code application/symlink} parts
 * holding the target, files as {@code application/octet-stream}; {@link #files} sends files by their names (a
 * CAR import), {@link #bytes} bytes already read (a block). Files are read from disk while the body is sent,
 * never held whole.
 */
final class MultipartUpload {
    /** A part to send: the file (or directory, or symlink) and the name it is sent under, not yet encoded. */
    private record Entry(Path path, String name) {}

    private final List<Entry> entries;
    private final byte[] bytes;
    private final String boundary;

    private MultipartUpload(List<Entry> entries, byte[] bytes) {
        this.entries = entries;
        this.bytes = bytes;
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.boundary = "hypha" + HexFormat.of().formatHex(random);
    }

    /**
     * Files, or directories and everything under them ({@code hidden}: dotfiles too), each top-level path named by
     * its file name and what is under it by its path from there. The tree is walked now.
     */
    static MultipartUpload tree(List<Path> roots, boolean hidden) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Path root : roots) {
            Path name = root.toAbsolutePath().normalize().getFileName();
            if (name == null) {
                throw new IOException(root + " has no name to send it under");
            }
            walk(root, name.toString(), hidden, entries);
        }
        return new MultipartUpload(entries, null);
    }

    /** Regular files, each a part named by its file name. */
    static MultipartUpload files(List<Path> files) {
        return new MultipartUpload(files.stream().map(f -> new Entry(f, f.getFileName().toString())).toList(), null);
    }

    /** One part holding {@code data}. */
    static MultipartUpload bytes(byte[] data) {
        return new MultipartUpload(List.of(), data.clone());
    }

    /** The request's {@code Content-Type}, naming the boundary. */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The body, streamed: file contents are read as the request goes out. */
    HttpRequest.BodyPublisher body() {
        if (bytes != null) {
            return HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(
                    List.of(head("data", "application/octet-stream"), new ByteArrayInputStream(bytes),
                            ascii("\r\n--" + boundary + "--\r\n")))));
        }
        return HttpRequest.BodyPublishers.ofInputStream(() -> stream(entries));
    }

    /** Parents before their children, siblings by name. */
    private static void walk(Path p, String name, boolean hidden, List<Entry> out) throws IOException {
        out.add(new Entry(p, name));
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            List<Path> children;
            try (Stream<Path> list = Files.list(p)) {
                children = list.filter(c -> hidden || !c.getFileName().toString().startsWith("."))
                        .sorted().toList();
            }
            for (Path c : children) {
                walk(c, name + "/" + c.getFileName(), hidden, out);
            }
        }
    }

    /** The parts one after the other, each made when the body reaches it, then the closing boundary. */
    private InputStream stream(List<Entry> entries) {
        Iterator<Entry> it = entries.iterator();
        return new SequenceInputStream(new Enumeration<InputStream>() {
            private boolean ended;

            @Override
            public boolean hasMoreElements() {
                return !ended;
            }

            @Override
            public InputStream nextElement() {
                if (!it.hasNext()) {
                    ended = true;
                    return ascii("--" + boundary + "--\r\n");
                }
                try {
                    return part(it.next());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    /** One entry's part: its headers, then its bytes (opened only when the stream reaches them). */
    private InputStream part(Entry e) throws IOException {
        Path p = e.path();
        String name = encode(e.name());
        String type;
        InputStream content;
        if (Files.isSymbolicLink(p)) {
            type = "application/symlink";
            content = ascii(Files.readSymbolicLink(p).toString());
        } else if (Files.isDirectory(p)) {
            type = "application/x-directory";
            content = InputStream.nullInputStream();
        } else {
            type = "application/octet-stream";
            content = new LazyFile(p);
        }
        return new SequenceInputStream(Collections.enumeration(List.of(head(name, type), content, ascii("\r\n"))));
    }

    private InputStream head(String encodedName, String type) {
        return ascii("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + encodedName + "\"\r\n"
                + "Content-Type: " + type + "\r\n\r\n");
    }

    /** Percent-encodes a relative path as Kubo's client does: every byte but unreserved characters. */
    static String encode(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    private static InputStream ascii(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A file opened at its first read and closed at its end, so one file is open at a time. */
    private static final class LazyFile extends InputStream {
        private final Path path;
        private InputStream in;

        LazyFile(Path path) {
            this.path = path;
        }

        private InputStream in() throws IOException {
            if (in == null) {
                in = Files.newInputStream(path);
            }
            return in;
        }

        @Override
        public int read() throws IOException {
            return in().read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in().read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
