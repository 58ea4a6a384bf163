package io.hypha.block;

import io.hypha.multiformats.Cid;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Fetches blocks from other peers: the exchange (Bitswap) behind the node's block service, which asks it only
 * for blocks its store lacks, and verifies and stores what it returns.
 */
public interface BlockExchange {
    /**
     * The block for {@code cid} from some peer; empty when none provided it before the exchange gave up (every peer
     * it asked said it lacks the block, or its own deadline passed). What peers send is untrusted: an exchange should
     * verify blocks itself, and the block service verifies them again against {@code cid} before storing or returning
     * them.
     */
    CompletableFuture<Optional<Block>> fetch(Cid cid);

    /**
     * A fetcher for the blocks of one DAG (one cat, one pin, one export): peers that had the first blocks are asked
     * first for the rest, as Bitswap's sessions do. Closing it cancels what it still wants. By default, this exchange
     * itself.
     */
    default Session session() {
        BlockExchange self = this;
        return new Session() {
            @Override
            public CompletableFuture<Optional<Block>> fetch(Cid cid) {
                return self.fetch(cid);
            }

            @Override
            public void close() {}
        };
    }

    /** A {@link BlockExchange} scoped to one job; see {@link BlockExchange#session()}. */
    interface Session extends BlockExchange, AutoCloseable {
        @Override
        void close();
    }
}
