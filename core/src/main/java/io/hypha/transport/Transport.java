package io.hypha.transport;

import io.hypha.multiaddr.Multiaddr;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A way to reach peers: dials and listens on the multiaddrs it understands and yields raw, not yet
 * secured connections as Netty channels. The host upgrades them (multistream, Noise, yamux).
 *
 * <p>A host holds a list of transports: it dials an address with the first transport whose {@link #canDial}
 * accepts it and listens with the first whose {@link #canListen} does.
 */
public interface Transport extends AutoCloseable {
    /** A short lower-case name, such as {@code tcp} or {@code memory}: the label of this transport's metrics. */
    String name();

    /** Whether {@link #dial} understands this address (after any {@code /p2p} suffix is removed). */
    boolean canDial(Multiaddr address);

    /** Whether {@link #listen} understands this address. */
    boolean canListen(Multiaddr address);

    /**
     * Opens a connection. {@code initializer} is added to the new channel's pipeline before it connects.
     * Completes with the connected channel, or exceptionally with a {@link TransportException}.
     */
    CompletableFuture<Channel> dial(Multiaddr address, ChannelHandler initializer);

    /**
     * Listens; {@code childInitializer} is added to the pipeline of every accepted connection. The
     * listener reports the address actually bound (port 0 becomes the chosen port).
     */
    CompletableFuture<Listener> listen(Multiaddr address, ChannelHandler childInitializer);

    /**
     * The multiaddr of a local or remote address of one of this transport's channels, or null when the
     * transport has no multiaddr for it.
     */
    default Multiaddr addressOf(SocketAddress address) {
        return null;
    }

    /** Closes every listener; connections are the host's to close. */
    @Override
    void close();
}
