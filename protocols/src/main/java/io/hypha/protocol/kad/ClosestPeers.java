package io.hypha.protocol.kad;

import io.hypha.peer.PeerId;
import io.hypha.protocol.kad.routing.KadKey;
import java.util.List;

/** The DHT servers we know closest to a key, with their addresses: what FIND_NODE and friends answer. */
@FunctionalInterface
public interface ClosestPeers {
    /** Up to {@code count} peers closest to {@code target}, closest first, never {@code exclude} nor ourselves. */
    List<KadPeer> closest(KadKey target, int count, PeerId exclude);
}
