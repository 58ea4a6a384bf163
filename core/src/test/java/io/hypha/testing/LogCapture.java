package io.hypha.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what one logger writes while a test provokes an error on purpose, instead of letting it reach the
 * console: a passing run then prints no stack traces, and the test can assert that the error was logged.
 * <pre>{@code
 * try (LogCapture log = LogCapture.of(MultistreamHandler.class)) {
 *     ... provoke the failure ...
 *     assertTrue(log.contains(Level.WARNING, "installing the handler"));
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger; // held strongly: the logging framework keeps loggers only weakly
    private final boolean useParentHandlers;
    private final Level level;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private LogCapture(String name) {
        logger = Logger.getLogger(name);
        useParentHandlers = logger.getUseParentHandlers();
        level = logger.getLevel();
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
    }

    /** Captures the logger named after {@code type} (as {@code System.getLogger(type.getName())} names it). */
    public static LogCapture of(Class<?> type) {
        return new LogCapture(type.getName());
    }

    /** Captures the logger with this name. */
    public static LogCapture of(String name) {
        return new LogCapture(name);
    }

    /** Everything captured so far. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Whether a record at {@code level} was captured whose message contains {@code text}. */
    public boolean contains(Level level, String text) {
        return records.stream().anyMatch(r -> r.getLevel().equals(level) && r.getMessage() != null
                && r.getMessage().contains(text));
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(useParentHandlers);
        logger.setLevel(level);
    }
}
