package io.hypha.protocol.perf;

import java.io.IOException;

/** A perf run failed: the stream closed or was reset early, or the server sent the wrong number of bytes. */
public final class PerfException extends IOException {
    private static final long serialVersionUID = 1L;

    public PerfException(String message) {
        super(message);
    }

    public PerfException(String message, Throwable cause) {
        super(message, cause);
    }
}
