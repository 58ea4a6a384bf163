package io.hypha.node.unixfs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a POSIX tar stream as Go's {@code archive/tar} does for Kubo's {@code get}: ustar headers, and a PAX
 * extended header before an entry whose name or link target does not fit ustar's fields or is not ASCII, or whose
 * size does not fit 11 octal digits (POSIX.1-2001 {@code pax}). File bytes are written by the caller between
 * {@link #file} and {@link #endFile}, so a file is never held in memory.
 */
final class TarWriter {
    private static final int BLOCK = 512;
    private static final long MAX_USTAR_SIZE = 077777777777L;

    private final OutputStream out;
    private final long mtime;
    private long pendingPad;

    /** {@code mtimeSeconds}: the modification time written on every entry. */
    TarWriter(OutputStream out, long mtimeSeconds) {
        this.out = out;
        this.mtime = mtimeSeconds;
    }

    void directory(String name) throws IOException {
        header(name, '5', 0777, 0, "");
    }

    void symlink(String name, String target) throws IOException {
        header(name, '2', 0777, 0, target);
    }

    /** Starts a file of {@code size} bytes: the caller writes exactly that many, then calls {@link #endFile}. */
    void file(String name, long size) throws IOException {
        header(name, '0', 0644, size, "");
        pendingPad = (BLOCK - size % BLOCK) % BLOCK;
    }

    /** Where a file's bytes go, between {@link #file} and {@link #endFile}. */
    OutputStream body() {
        return out;
    }

    void endFile() throws IOException {
        out.write(new byte[(int) pendingPad]);
        pendingPad = 0;
    }

    /** The end-of-archive marker: two zero blocks. */
    void finish() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }

    private void header(String name, char type, int mode, long size, String link) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
        Map<String, String> pax = new LinkedHashMap<>();
        String prefix = "";
        String base = name;
        if (!ascii(name) || nameBytes.length > 100) {
            int split = ascii(name) ? splitAt(name) : -1;
            if (split < 0) {
                pax.put("path", name);
                base = truncate(name);
            } else {
                prefix = name.substring(0, split);
                base = name.substring(split + 1);
            }
        }
        if (!ascii(link) || linkBytes.length > 100) {
            pax.put("linkpath", link);
            link = truncate(link);
        }
        if (size > MAX_USTAR_SIZE) {
            pax.put("size", Long.toString(size));
        }
        if (!pax.isEmpty()) {
            byte[] records = paxRecords(pax);
            out.write(ustar(truncate("PaxHeaders.0/" + base), 'x', 0644, records.length, "", ""));
            out.write(records);
            out.write(new byte[(BLOCK - records.length % BLOCK) % BLOCK]);
        }
        out.write(ustar(base, type, mode, Math.min(size, MAX_USTAR_SIZE), link, prefix));
    }

    /** Where a long ASCII name splits into ustar's prefix (at most 155) and name (at most 100); -1 if nowhere. */
    private static int splitAt(String name) {
        for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
            if (i <= 155 && name.length() - i - 1 <= 100 && name.length() - i - 1 > 0) {
                return i;
            }
        }
        return -1;
    }

    private byte[] ustar(String name, char type, int mode, long size, String link, String prefix) {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
        octal(h, 100, 8, mode);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, size);
        octal(h, 136, 12, mtime);
        h[156] = (byte) type;
        put(h, 157, 100, link.getBytes(StandardCharsets.UTF_8));
        put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        put(h, 345, 155, prefix.getBytes(StandardCharsets.UTF_8));
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        octal(h, 148, 7, sum); // six digits and a NUL, then the space already there
        return h;
    }

    /** {@code "<len> key=value\n"}, where len counts the whole record, its own digits included. */
    private static byte[] paxRecords(Map<String, String> pax) {
        StringBuilder all = new StringBuilder();
        for (Map.Entry<String, String> e : pax.entrySet()) {
            int body = (" " + e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8).length;
            int len = body + Integer.toString(body).length();
            if (Integer.toString(len).length() != Integer.toString(body).length()) {
                len = body + Integer.toString(len).length();
            }
            all.append(len).append(' ').append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return all.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void octal(byte[] h, int at, int width, long value) {
        String s = Long.toOctalString(value);
        s = "0".repeat(Math.max(0, width - 1 - s.length())) + s;
        put(h, at, width - 1, s.getBytes(StandardCharsets.US_ASCII));
    }

    private static void put(byte[] h, int at, int max, byte[] value) {
        System.arraycopy(value, 0, h, at, Math.min(max, value.length));
    }

    private static String truncate(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 99; i++) {
            char c = s.charAt(i);
            b.append(c < 0x80 ? c : '_');
        }
        return b.toString();
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
