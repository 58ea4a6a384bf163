package io.hypha.transport.tcp;

import io.hypha.internal.netty.EventLoops;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.transport.Transport;
import io.hypha.transport.TransportContract;
import io.netty.channel.EventLoopGroup;

class TcpTransportContractTest extends TransportContract {
    @Override
    protected EventLoopGroup newGroup() {
        return EventLoops.newGroup(1, "tcp-contract");
    }

    @Override
    protected Transport newTransport(EventLoopGroup group) {
        return new TcpTransport(group, TcpConfig.defaults());
    }

    @Override
    protected Multiaddr anyListenAddress() {
        return Multiaddr.parse("/ip4/127.0.0.1/tcp/0");
    }

    @Override
    protected Multiaddr foreignAddress() {
        return Multiaddr.parse("/memory/7");
    }
}
