package io.hypha.protocol.bitswap;

import io.hypha.block.Block;
import io.hypha.block.BlockExchange;
import io.hypha.block.Blockstore;
import io.hypha.host.Host;
import io.hypha.multiformats.Cid;
import io.hypha.peer.PeerId;
import io.hypha.protocol.bitswap.message.WantlistEntry;
import io.hypha.protocol.bitswap.server.LedgerSnapshot;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Bitswap on a host: serves the blocks of {@code store} to peers that want them and fetches blocks from peers
 * (ipfs/specs bitswap-protocol.md). Blocks it fetches are verified against their CID and returned, not stored: the
 * node's block service stores them, then tells Bitswap through {@link #blocksAdded} so peers waiting for them get
 * them.
 */
public final class Bitswap implements BlockExchange, AutoCloseable {
    private Bitswap() {}

    /** Bitswap on {@code host}, answering from {@code store} and finding providers through {@code routing}. */
    public static Bitswap install(Host host, BitswapConfig config, Blockstore store, ProviderRouting routing) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Fetches one block outside any session. */
    @Override
    public CompletableFuture<Optional<Block>> fetch(Cid cid) {
        throw new UnsupportedOperationException("TODO");
    }

    /** A session: see {@link BlockExchange#session()}. */
    @Override
    public BlockExchange.Session session() {
        throw new UnsupportedOperationException("TODO");
    }

    /** Blocks now in the store (fetched, added or imported): peers that want them are sent them. */
    public void blocksAdded(Collection<Block> blocks) {
        throw new UnsupportedOperationException("TODO");
    }

    /** What we want now, from every session. */
    public List<Cid> wantlist() {
        throw new UnsupportedOperationException("TODO");
    }

    /** What {@code peer} wants from us now. */
    public List<WantlistEntry> wantlist(PeerId peer) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Our ledger with {@code peer}. */
    public LedgerSnapshot ledger(PeerId peer) {
        throw new UnsupportedOperationException("TODO");
    }

    public BitswapStats stats() {
        throw new UnsupportedOperationException("TODO");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO");
    }
}
