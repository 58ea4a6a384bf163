package io.hypha.multistream;

import java.util.Objects;

/**
 * User events a {@link MultistreamHandler} fires at the handler it installed, ahead of any of the protocol's bytes.
 */
public sealed interface MultistreamEvent {

    /**
     * {@code protocol} was selected and its handler installed. When {@code optimistic}, the dialer has not yet
     * seen the peer's echo: the handler may write at once, and a {@link Failed} follows if the peer refuses.
     */
    record Selected(String protocol, boolean optimistic) implements MultistreamEvent {
        public Selected {
            Objects.requireNonNull(protocol, "protocol");
        }
    }

    /** An optimistically selected protocol was refused or the negotiation failed after all; the channel closes. */
    record Failed(NegotiationException cause) implements MultistreamEvent {
        public Failed {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
