package io.hypha.node.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** An endpoint's answer: a JSON value, or bytes streamed as they are produced. */
sealed interface RpcReply {
    /** One JSON value (null: an empty 200 answer). */
    record Json(Object value) implements RpcReply {}

    /**
     * Bytes written by {@code writer} on a worker thread as they are produced; its future completes when it is
     * done. A failure after the first byte ends the answer with Kubo's {@code X-Stream-Error} trailer.
     */
    record Stream(String contentType, Function<OutputStream, CompletableFuture<?>> writer) implements RpcReply {}

    ObjectMapper JSON = new ObjectMapper();

    /** Blocking work of an endpoint (reading an upload as it streams in), one virtual thread per call. */
    @FunctionalInterface
    interface Blocking<T> {
        T run() throws Exception;
    }

    /** Runs {@code work} on a virtual thread of its own (never on the event loop). */
    static <T> CompletableFuture<T> blocking(Blocking<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        Thread.ofVirtual().name("hypha-rpc-worker").start(() -> {
            try {
                done.complete(work.run());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    static CompletableFuture<RpcReply> json(Object value) {
        return CompletableFuture.completedFuture(new Json(value));
    }

    /** An ndjson answer whose lines {@code writer} writes with {@link #line}. */
    static RpcReply ndjson(Function<OutputStream, CompletableFuture<?>> writer) {
        return new Stream("application/json", writer);
    }

    /** Writes one ndjson line (a stream's writer, on a worker thread). */
    static void line(OutputStream out, Object value) {
        try {
            out.write((JSON.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
