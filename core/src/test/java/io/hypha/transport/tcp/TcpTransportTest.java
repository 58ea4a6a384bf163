package io.hypha.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.internal.netty.EventLoops;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.transport.Listener;
import io.hypha.transport.TransportException;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpTransportTest {
    private EventLoopGroup group;
    private TcpTransport tcp;

    @BeforeEach
    void start() {
        group = EventLoops.newGroup(1, "tcp-test");
        tcp = new TcpTransport(group, TcpConfig.defaults());
    }

    @AfterEach
    void stop() {
        tcp.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Listener listen(String addr) throws Exception {
        return tcp.listen(Multiaddr.parse(addr), new ChannelInboundHandlerAdapter()).get(10, TimeUnit.SECONDS);
    }

    /** Kubo's default swarm addresses: 0.0.0.0 and :: on one port, each reported in its own family. */
    @Test
    void bindsIpv4AndIpv6WildcardsOnTheSamePort() throws Exception {
        Assumptions.assumeTrue(EventLoops.epollAvailable(), "IPV6_V6ONLY is set through native epoll only");
        Listener v4 = listen("/ip4/0.0.0.0/tcp/0");
        String port = v4.address().toString().replaceAll(".*/tcp/", "");
        assertEquals(Multiaddr.parse("/ip4/0.0.0.0/tcp/" + port), v4.address());
        Listener v6 = listen("/ip6/::/tcp/" + port);
        assertEquals(Multiaddr.parse("/ip6/::/tcp/" + port), v6.address());
    }

    @Test
    void reportsTheBoundPortAndRefusesAddressesItCannotUse() throws Exception {
        Listener l = listen("/ip4/127.0.0.1/tcp/0");
        assertTrue(l.address().toString().matches("/ip4/127\\.0\\.0\\.1/tcp/[1-9]\\d*"), l.address().toString());
        assertTrue(tcp.canDial(Multiaddr.parse("/dns4/localhost/tcp/1/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq")));
        ExecutionException udp = assertThrows(ExecutionException.class,
                () -> tcp.listen(Multiaddr.parse("/ip4/127.0.0.1/udp/0/quic-v1"), new ChannelInboundHandlerAdapter()).get());
        assertInstanceOf(TransportException.class, udp.getCause());
        ExecutionException taken = assertThrows(ExecutionException.class, () -> listen(l.address().toString()));
        assertInstanceOf(TransportException.class, taken.getCause());
        l.close().get(10, TimeUnit.SECONDS);
    }
}
