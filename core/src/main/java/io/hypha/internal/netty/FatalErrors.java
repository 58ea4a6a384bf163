package io.hypha.internal.netty;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.function.Consumer;

/**
 * Routes errors that leave the JVM in doubt ({@link VirtualMachineError}: out of memory, stack overflow,
 * internal error) from wherever Netty catches them to the host's fatal-error policy. A node that ran out of
 * memory on an event loop must not go on half-dead: the policy closes the host (library) or ends the process
 * (daemon), see {@code HostBuilder.fatalErrorHandler}. The policy is a channel attribute of each connection;
 * a stream finds it on its parent.
 */
public final class FatalErrors {
    /** The policy of the host that owns a connection channel. */
    public static final AttributeKey<Consumer<Throwable>> POLICY = AttributeKey.valueOf("hypha.fatalErrorPolicy");

    private FatalErrors() {}

    /** Whether {@code t}, or a cause of it, is a {@link VirtualMachineError}. */
    public static boolean isFatal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof VirtualMachineError) {
                return true;
            }
        }
        return false;
    }

    /** Hands a fatal {@code error} seen on {@code channel} (or its parents) to the owning host's policy. */
    public static void report(Channel channel, Throwable error) {
        for (Channel c = channel; c != null; c = c.parent()) {
            Consumer<Throwable> policy = c.attr(POLICY).get();
            if (policy != null) {
                policy.accept(error);
                return;
            }
        }
        System.getLogger(FatalErrors.class.getName()).log(System.Logger.Level.ERROR,
                "fatal error on " + channel + " with no policy to handle it", error);
    }
}
