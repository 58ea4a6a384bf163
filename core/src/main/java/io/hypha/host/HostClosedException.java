package io.hypha.host;

import java.io.IOException;

/** The host (or the connection) is closed or closing: nothing new is started. */
public class HostClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    public HostClosedException(String message) {
        super(message);
    }
}
