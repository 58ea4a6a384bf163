package io.hypha.node.cli;

import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Log output of the long-running commands: one line per record on stderr,
 * {@code 2026-11-24T03:45:00.123Z INFO  hypha: message}. The level comes from {@code HYPHA_LOG}
 * ({@code error}, {@code warn}, {@code info} (default) or {@code debug}); {@code debug} also shows what
 * misbehaving peers did.
 */
final class Logging {
    /** The logger the daemon reports peer activity on. */
    static final String NODE_LOGGER = "hypha";

    /**
     * The loggers whose level {@link #configure} sets. java.util.logging holds loggers weakly: without these
     * references a garbage collection forgets the level and {@code HYPHA_LOG=debug} silently stops working.
     */
    private static final Logger[] CONFIGURED = {Logger.getLogger(NODE_LOGGER), Logger.getLogger("io.hypha")};

    private Logging() {}

    static void configure() {
        Level level = switch (String.valueOf(System.getenv("HYPHA_LOG")).toLowerCase(Locale.ROOT)) {
            case "error" -> Level.SEVERE;
            case "warn" -> Level.WARNING;
            case "debug" -> Level.FINE;
            default -> Level.INFO;
        };
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.ALL);
        console.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                String name = r.getLoggerName() == null ? "" : r.getLoggerName();
                String shortName = name.substring(name.lastIndexOf('.') + 1);
                String thrown = r.getThrown() == null ? "" : " (" + r.getThrown() + ")";
                return r.getInstant() + " " + String.format("%-5s", label(r.getLevel())) + " " + shortName + ": "
                        + formatMessage(r) + thrown + System.lineSeparator();
            }
        });
        root.addHandler(console);
        root.setLevel(Level.WARNING);
        for (Logger l : CONFIGURED) {
            l.setLevel(level);
        }
    }

    private static String label(Level l) {
        if (l.intValue() >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (l.intValue() >= Level.WARNING.intValue()) {
            return "WARN";
        }
        return l.intValue() >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }
}
