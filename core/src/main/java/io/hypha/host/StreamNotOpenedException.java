package io.hypha.host;

/**
 * The connection closed before a new stream existed on it: nothing was sent, so the host may open the stream on
 * another connection to the peer (a peer's connection manager can close a connection just as we pick it).
 */
final class StreamNotOpenedException extends HostClosedException {
    private static final long serialVersionUID = 1L;

    StreamNotOpenedException(String message) {
        super(message);
    }
}
