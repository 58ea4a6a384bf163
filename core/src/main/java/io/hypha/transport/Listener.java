package io.hypha.transport;

import io.hypha.multiaddr.Multiaddr;
import java.util.concurrent.CompletableFuture;

/** A bound listening socket of a {@link Transport}. */
public interface Listener {
    /** The address bound, with the real port when 0 was asked for. */
    Multiaddr address();

    /** Stops accepting; completes when the socket is closed. */
    CompletableFuture<Void> close();
}
