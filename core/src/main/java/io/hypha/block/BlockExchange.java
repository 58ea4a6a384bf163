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
     * The block for {@code cid} from some peer; empty when none provided it before the exchange gave up (its
     * own deadline). What peers send is untrusted: an exchange should verify blocks itself, and the block service
     * verifies them again against {@code cid} before storing or returning them.
     */
    CompletableFuture<Optional<Block>> fetch(Cid cid);
}
