package io.hypha.node.cli;

import java.util.Locale;

/** Byte counts in SI units as Kubo prints them (go-humanize's {@code Bytes}): {@code 9 B}, {@code 1.2 kB}, {@code 34 MB}. */
final class HumanBytes {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private HumanBytes() {}

    static String format(long n) {
        if (n < 10) {
            return n + " B";
        }
        int e = (int) Math.floor(Math.log(n) / Math.log(1000));
        double v = Math.floor(n / Math.pow(1000, e) * 10 + 0.5) / 10;
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, UNITS[e]);
    }
}
