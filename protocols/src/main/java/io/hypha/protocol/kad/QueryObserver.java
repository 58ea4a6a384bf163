package io.hypha.protocol.kad;

import io.hypha.peer.PeerId;
import java.util.List;

/**
 * Watches one lookup step by step (Kubo's {@code dht query} and {@code routing} commands print these as
 * query events). Called on the host's event loops: do not block.
 */
public interface QueryObserver {
    QueryObserver NONE = new QueryObserver() {};

    /** A request is going to {@code peer}. */
    default void sending(PeerId peer) {}

    /** {@code peer} answered, naming {@code closer} peers. */
    default void answered(PeerId peer, List<KadPeer> closer) {}

    /** The request to {@code peer} failed. */
    default void failed(PeerId peer, Throwable error) {}
}
