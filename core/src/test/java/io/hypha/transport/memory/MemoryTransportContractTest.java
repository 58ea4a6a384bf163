package io.hypha.transport.memory;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.transport.Transport;
import io.hypha.transport.TransportContract;
import io.netty.channel.EventLoopGroup;

/** The contract on a group of local-channel event loops, which the transport uses as given. */
class MemoryTransportContractTest extends TransportContract {
    private final MemoryTransport.Network network = new MemoryTransport.Network(1);

    @Override
    protected EventLoopGroup newGroup() {
        return io.hypha.internal.netty.EventLoops.newLocalGroup(1, "memory-contract");
    }

    @Override
    protected Transport newTransport(EventLoopGroup group) {
        return new MemoryTransport(group, network);
    }

    @Override
    protected Multiaddr anyListenAddress() {
        return Multiaddr.parse("/memory/0");
    }

    @Override
    protected Multiaddr foreignAddress() {
        return Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");
    }

    @Override
    protected void cleanUp() {
        network.close();
    }
}
