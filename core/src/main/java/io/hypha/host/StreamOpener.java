package io.hypha.host;

/**
 * Sets up an outbound stream once its protocol is agreed: installs the protocol's handlers on the
 * stream's pipeline and returns whatever the caller wants back (a client handler, a future of a reply).
 * Runs on the stream's event loop before any data from the peer is delivered, so bytes the peer sends
 * right behind its protocol echo reach the handlers installed here. Must not block.
 */
@FunctionalInterface
public interface StreamOpener<T> {
    T open(Stream stream) throws Exception;
}
