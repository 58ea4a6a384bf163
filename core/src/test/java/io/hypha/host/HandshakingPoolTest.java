package io.hypha.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.resource.ConnectionScope;
import io.hypha.resource.Limit;
import io.hypha.resource.ResourceLimitException;
import io.hypha.resource.ResourceManager;
import io.hypha.resource.ResourceLimits;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The inbound handshaking pool under a flood of sockets that connect and stay silent: a peer arriving right behind
 * the flood, while the host is still accepting it on several event loops, takes a slot from the oldest silent
 * socket and gets in, even when another arrival races it for the slot it freed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HandshakingPoolTest {
    static final int POOL = 8;
    static final int FLOOD = 96;
    static final int ROUNDS = 25;

    /**
     * The attack on {@link HandshakingPool#MAX_EVICTIONS_PER_ARRIVAL}: every slot an arrival frees is taken by a
     * racing arrival first, so each retry is refused again. The arrival drops exactly that many handshakes, is then
     * refused, and the rest of the pool stays.
     */
    @Test
    void anArrivalThatKeepsLosingItsSlotDropsAtMostTheCapThenIsRefused() throws Exception {
        int slots = 20;
        ResourceManager rm = new ResourceManager(ResourceLimits.forMemory(64L << 20)
                .with(Limit.HANDSHAKING_INBOUND, slots).with(Limit.CONNECTIONS_PER_IP, 1000));
        InetAddress ip = InetAddress.getByName("10.0.0.1");
        HandshakingPool pool = new HandshakingPool();
        List<EmbeddedChannel> held = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            EmbeddedChannel ch = new EmbeddedChannel();
            held.add(ch);
            pool.add(ch, rm.openConnection(true, ip));
        }
        List<ConnectionScope> racers = new ArrayList<>();
        ConnectionScope admitted = pool.admit(() -> {
            try {
                racers.add(rm.openConnection(true, ip)); // a racing arrival takes the slot just freed
            } catch (ResourceLimitException full) {
                // the first try: nothing freed yet
            }
            return rm.openConnection(true, ip);
        });
        assertNull(admitted, "refused after its evictions");
        assertEquals(HandshakingPool.MAX_EVICTIONS_PER_ARRIVAL, held.stream().filter(c -> !c.isOpen()).count());
        assertEquals(slots - HandshakingPool.MAX_EVICTIONS_PER_ARRIVAL, pool.size());
        assertEquals(slots, rm.stats().handshakingInbound(), "every slot accounted: survivors and racers");
        racers.forEach(ConnectionScope::close);
        held.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void aPeerBehindAFloodOfSilentSocketsGetsIn() throws Exception {
        ResourceLimits limits = ResourceLimits.defaults().with(Limit.HANDSHAKING_INBOUND, POOL);
        try (Host host = Host.builder().listen("/ip4/127.0.0.1/tcp/0").resourceLimits(limits)
                .config(HostConfig.defaults("test/pool").withEventLoopThreads(4)).start().get(20, TimeUnit.SECONDS)) {
            Multiaddr addr = host.listenAddresses().get(0).withPeerId(host.peerId());
            String port = host.listenAddresses().get(0).toString().replaceAll(".*/tcp/", "");
            InetSocketAddress socketAddress = new InetSocketAddress("127.0.0.1", Integer.parseInt(port));
            List<String> failures = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                List<Socket> silent = new ArrayList<>();
                try {
                    for (int i = 0; i < FLOOD; i++) {
                        Socket s = new Socket();
                        s.connect(socketAddress, 10_000);
                        silent.add(s);
                    }
                    // a new peer each round: a failed dial would put the host in the peer's dial back-off
                    try (Host peer = Host.builder().config(HostConfig.defaults("test/peer").withEventLoopThreads(1))
                            .start().get(20, TimeUnit.SECONDS)) {
                        peer.connect(addr).get(20, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        failures.add("round " + round + ": " + e.getCause());
                    }
                } finally {
                    for (Socket s : silent) {
                        s.close();
                    }
                }
            }
            assertEquals(List.of(), failures, "every peer behind a flood got in");
        }
    }
}
