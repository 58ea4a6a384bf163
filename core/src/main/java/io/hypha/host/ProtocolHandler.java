package io.hypha.host;

/**
 * Serves one protocol on streams the remote peer opens. Called on the stream's event loop once the
 * protocol is negotiated; must not block: it installs handlers on the stream's pipeline (or hands
 * blocking work to an executor) and returns.
 */
@FunctionalInterface
public interface ProtocolHandler {
    void handle(Stream stream);
}
