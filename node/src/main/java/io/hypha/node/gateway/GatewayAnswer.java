package io.hypha.node.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** What the gateway answers: a body in memory, or a body streamed by a writer on a worker thread. */
sealed interface GatewayAnswer {
    int status();

    Map<String, String> headers();

    /** A small body held whole (a block, a listing, an error, a redirect). */
    record Whole(int status, Map<String, String> headers, byte[] body) implements GatewayAnswer {}

    /**
     * A body {@code writer} streams ({@code length} bytes, or chunked when {@code length < 0}); it is not run for a
     * HEAD request. A failure after the headers went out aborts the connection, so the client sees a truncated
     * answer, never a short one that looks complete.
     */
    record Streamed(int status, Map<String, String> headers, long length, Writer writer) implements GatewayAnswer {}

    /** Writes a streamed body (blocking, on a worker thread). */
    @FunctionalInterface
    interface Writer {
        void write(OutputStream out) throws IOException;
    }
}
