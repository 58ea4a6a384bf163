package io.hypha.host;

/**
 * What a host does after a {@link VirtualMachineError} (out of memory, stack overflow) on one of its event
 * loops: the JVM is in doubt and an event loop may be dead, so going on would leave a half-dead node whose
 * connections hang. The library default, {@link #CLOSE_HOST}, logs the error and closes the host (every
 * pending future fails); the daemon ends the process so that a supervisor or the container restarts it.
 * Called at most once per host, on the thread that saw the error.
 */
@FunctionalInterface
public interface FatalErrorHandler {
    void onFatalError(Host host, Throwable error);

    /** Logs at ERROR and closes the host. */
    FatalErrorHandler CLOSE_HOST = (host, error) -> {
        System.getLogger(Host.class.getName()).log(System.Logger.Level.ERROR,
                "fatal error on an event loop of " + host.peerId() + "; closing the host", error);
        host.closeAsync();
    };
}
