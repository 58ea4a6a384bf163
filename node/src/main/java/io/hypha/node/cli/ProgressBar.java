package io.hypha.node.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar redrawn with carriage returns on stderr, as {@code ipfs add} shows: bytes done,
 * total, a bar and a percentage. Redraws at most {@link #STEPS} times, so a large add is not slowed by it.
 */
final class ProgressBar {
    /** Inputs smaller than this show no bar unless {@code --progress} asks for one. */
    static final long MIN_BYTES_FOR_BAR = 8L * 1024 * 1024;
    /** Redraws per run. */
    static final int STEPS = 200;
    /** Characters of bar between the brackets. */
    static final int WIDTH = 40;

    private final PrintWriter err;
    private final long total;
    private long done;
    private long nextDraw;

    ProgressBar(PrintWriter err, long total) {
        this.err = err;
        this.total = Math.max(total, 1);
        draw();
    }

    void advance(long bytes) {
        done += bytes;
        if (done >= nextDraw || done >= total) {
            draw();
        }
    }

    void finish() {
        done = Math.max(done, total);
        draw();
        err.println();
        err.flush();
    }

    private void draw() {
        nextDraw = done + total / STEPS;
        double fraction = Math.min(1.0, (double) done / total);
        int filled = (int) (fraction * WIDTH);
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        err.print(String.format(Locale.ROOT, "\r%s / %s [%s] %6.2f%%", human(done), human(total), bar, fraction * 100));
        err.flush();
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }
}
