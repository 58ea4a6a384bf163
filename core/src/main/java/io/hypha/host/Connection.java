package io.hypha.host;

import io.hypha.crypto.PublicKey;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import java.util.concurrent.CompletableFuture;

/** A secured, multiplexed connection to one authenticated peer. */
public interface Connection {
    PeerId remotePeer();

    /** The key the peer proved it holds in the Noise handshake. */
    PublicKey remotePublicKey();

    /** The peer's address as this connection sees it (the observed address identify reports). */
    Multiaddr remoteAddress();

    Multiaddr localAddress();

    Direction direction();

    /** The security protocol ({@code /noise}) and muxer ({@code /yamux/1.0.0}) in use. */
    String security();

    String muxer();

    /**
     * Opens a stream, negotiates the first of {@code protocols} the peer supports and runs {@code opener}
     * on it. Completes with what the opener returns; fails with {@link StreamNegotiationException} when the
     * peer supports none of them (or negotiation times out), and with the opener's exception if it throws.
     */
    <T> CompletableFuture<T> newStream(StreamOpener<T> opener, ProtocolId... protocols);

    boolean isOpen();

    /** Closes the connection (yamux GoAway, then the socket); completes when it is closed. */
    CompletableFuture<Void> close();

    /** Completes when the connection closes, for whatever reason. */
    CompletableFuture<Void> closeFuture();
}
