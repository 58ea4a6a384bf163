package io.hypha.protocol;

import io.hypha.host.Host;
import io.hypha.host.HostConfig;
import io.hypha.multiaddr.Multiaddr;
import java.util.concurrent.TimeUnit;

/** Hosts on loopback with ephemeral ports, one event loop thread each, for the protocol tests. */
public final class TestHosts {
    /** Upper bound of every wait in the protocol tests; a healthy run takes milliseconds. */
    public static final long TIMEOUT_S = 20;

    private TestHosts() {}

    public static Host start(String agent) throws Exception {
        return Host.builder().listen("/ip4/127.0.0.1/tcp/0")
                .config(HostConfig.defaults(agent).withEventLoopThreads(1))
                .start().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** The host's first listen address with its {@code /p2p} suffix. */
    public static Multiaddr address(Host h) {
        return h.listenAddresses().get(0).withPeerId(h.peerId());
    }

    public static void stop(Host... hosts) throws Exception {
        for (Host h : hosts) {
            if (h != null) {
                h.closeAsync().get(TIMEOUT_S, TimeUnit.SECONDS);
            }
        }
    }
}
