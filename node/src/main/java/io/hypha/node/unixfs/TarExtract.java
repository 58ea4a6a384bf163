package io.hypha.node.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes the tree of a {@code get} tar stream (ustar with PAX extended headers, as {@link TarWriter} and Go's
 * {@code archive/tar} write it) to disk, streaming: the archive's first entry is the root and lands at the target
 * path, every other entry must lie under it. Nothing is written outside the target: names with {@code ..}, absolute
 * names, entries outside the root and entries under a symlink are refused with {@link UnixfsException}, and nothing
 * already on disk is overwritten.
 */
public final class TarExtract {
    private static final int BLOCK = 512;
    /** Largest PAX extended header read (records for a path and a link target). */
    public static final int MAX_PAX_BYTES = 64 * 1024;

    private TarExtract() {}

    /** Extracts {@code tar} so its root entry becomes {@code target}, which must not exist. */
    public static void extract(InputStream tar, Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target + " already exists; not overwriting it");
        }
        String root = null;
        Set<String> symlinks = new HashSet<>();
        Map<String, String> pax = new HashMap<>();
        byte[] header = new byte[BLOCK];
        while (true) {
            if (tar.readNBytes(header, 0, BLOCK) < BLOCK) {
                throw new UnixfsException("tar stream ended early");
            }
            if (allZero(header)) {
                return; // the end-of-archive marker
            }
            char type = (char) header[156];
            long size = octal(header, 124, 12);
            if (type == 'x') {
                if (size > MAX_PAX_BYTES) {
                    throw new UnixfsException("tar extended header of " + size + " bytes");
                }
                byte[] records = tar.readNBytes((int) size);
                skip(tar, pad(size));
                pax = parsePax(records);
                continue;
            }
            String name = pax.getOrDefault("path", ustarName(header));
            String link = pax.getOrDefault("linkpath", string(header, 157, 100));
            if (pax.containsKey("size")) {
                size = Long.parseLong(pax.get("size"));
            }
            pax = new HashMap<>();
            while (name.endsWith("/")) {
                name = name.substring(0, name.length() - 1);
            }
            if (root == null) {
                if (name.isEmpty() || name.contains("/") || name.equals("..") || name.equals(".")) {
                    throw new UnixfsException("tar root entry '" + name + "' is not a plain name");
                }
                root = name;
            }
            Path out = place(target, root, name, symlinks);
            switch (type) {
                case '5' -> Files.createDirectory(out);
                case '2' -> {
                    Files.createSymbolicLink(out, Path.of(link));
                    symlinks.add(name);
                }
                case '0', '\0' -> {
                    try (OutputStream file = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                        copy(tar, file, size);
                    }
                    skip(tar, pad(size));
                    continue;
                }
                default -> throw new UnixfsException("tar entry type '" + type + "' is not a file, directory or symlink");
            }
            skip(tar, size + pad(size));
        }
    }

    /** Where {@code name} goes: under the root, never under a symlink, never escaping. */
    private static Path place(Path target, String root, String name, Set<String> symlinks) throws UnixfsException {
        if (name.equals(root)) {
            return target;
        }
        if (!name.startsWith(root + "/")) {
            throw new UnixfsException("tar entry '" + name + "' is outside its root '" + root + "'");
        }
        String rel = name.substring(root.length() + 1);
        Path out = target;
        String sofar = root;
        for (String segment : rel.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new UnixfsException("tar entry '" + name + "' is not a relative path of plain names");
            }
            if (symlinks.contains(sofar)) {
                throw new UnixfsException("tar entry '" + name + "' lies under a symlink");
            }
            sofar = sofar + "/" + segment;
            out = out.resolve(segment);
        }
        return out;
    }

    private static String ustarName(byte[] h) {
        String name = string(h, 0, 100);
        boolean ustar = string(h, 257, 5).equals("ustar");
        String prefix = ustar ? string(h, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static Map<String, String> parsePax(byte[] records) throws UnixfsException {
        Map<String, String> pax = new HashMap<>();
        int at = 0;
        while (at < records.length) {
            int space = indexOf(records, (byte) ' ', at);
            if (space < 0) {
                throw new UnixfsException("malformed tar extended header");
            }
            int length;
            try {
                length = Integer.parseInt(new String(records, at, space - at, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new UnixfsException("malformed tar extended header");
            }
            if (length <= space - at + 1 || at + length > records.length) {
                throw new UnixfsException("malformed tar extended header");
            }
            String record = new String(records, space + 1, at + length - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq > 0) {
                pax.put(record.substring(0, eq), record.substring(eq + 1));
            }
            at += length;
        }
        return pax;
    }

    private static int indexOf(byte[] b, byte value, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static String string(byte[] h, int at, int width) {
        int end = at;
        while (end < at + width && h[end] != 0) {
            end++;
        }
        return new String(h, at, end - at, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int at, int width) throws UnixfsException {
        String s = string(h, at, width).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new UnixfsException("malformed tar header field '" + s + "'");
        }
    }

    private static long pad(long size) {
        return (BLOCK - size % BLOCK) % BLOCK;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new UnixfsException("tar stream ended inside a file");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long n) throws IOException {
        if (n > 0) {
            in.skipNBytes(n);
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
