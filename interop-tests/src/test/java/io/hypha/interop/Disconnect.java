package io.hypha.interop;

import io.hypha.host.Host;
import io.hypha.host.HostEvent;
import io.hypha.peer.PeerId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Waiting, on the host's own event, for a peer that another process hangs up on. */
final class Disconnect {
    private Disconnect() {}

    /** What makes the other side hang up, returning once its side is closed. */
    @FunctionalInterface
    interface HangUp {
        void run() throws Exception;
    }

    /** Runs {@code hangUp} and waits until {@code host} has seen its last connection to {@code peer} go. */
    static void await(Host host, PeerId peer, HangUp hangUp) throws Exception {
        if (host.connections(peer).isEmpty()) {
            return;
        }
        CompletableFuture<HostEvent.PeerDisconnected> gone = new CompletableFuture<>();
        Host.Subscription sub = host.subscribe(HostEvent.PeerDisconnected.class, e -> {
            if (e.peer().equals(peer) && e.remaining() == 0) {
                gone.complete(e);
            }
        });
        try {
            hangUp.run();
            if (!host.connections(peer).isEmpty()) {
                gone.get(20, TimeUnit.SECONDS);
            }
        } finally {
            sub.cancel();
        }
    }
}
