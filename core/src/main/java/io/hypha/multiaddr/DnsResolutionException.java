package io.hypha.multiaddr;

import java.io.IOException;

/**
 * Resolving a {@code /dns*} or {@code /dnsaddr} multiaddr could not find out its addresses: a lookup timed
 * out or failed (SERVFAIL, REFUSED, transport error), a {@code /dnsaddr} chain went deeper than
 * {@link DnsResolver#MAX_DNSADDR_DEPTH}, the lookup budget ran out, or the resolver was closed. A name that
 * does not exist (NXDOMAIN) is not a failure: it resolves to no addresses.
 */
public class DnsResolutionException extends IOException {
    private static final long serialVersionUID = 1L;

    public DnsResolutionException(String message) {
        super(message);
    }

    public DnsResolutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
