package io.hypha.protocol.kad;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import java.util.ArrayList;
import java.util.List;

/** Peer ids and addresses for the kad tests. */
final class KadTestPeers {
    private KadTestPeers() {}

    static PeerId randomPeer() {
        return PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey());
    }

    /** {@code n} loopback TCP addresses, ports from {@code firstPort}. */
    static List<Multiaddr> addresses(int n, int firstPort) {
        List<Multiaddr> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + (firstPort + i)));
        }
        return out;
    }

    static KadPeer peer(int addresses) {
        return new KadPeer(randomPeer(), addresses(addresses, 4001));
    }
}
