package io.hypha.protocol.bitswap.message;

import io.hypha.block.Block;
import java.util.List;

/**
 * One Bitswap message: wantlist changes (or, with {@code full}, the whole wantlist), blocks, presences and the
 * sender's pending bytes. Received blocks have already been hashed: each block's CID was rebuilt from its prefix and
 * data by {@link BitswapCodec#decode}, so a block always matches its CID.
 */
public record BitswapMessage(List<WantlistEntry> wantlist, boolean full, List<Block> blocks,
        List<BlockPresence> presences, int pendingBytes) {
    public static final BitswapMessage EMPTY = new BitswapMessage(List.of(), false, List.of(), List.of(), 0);

    public BitswapMessage {
        wantlist = List.copyOf(wantlist);
        blocks = List.copyOf(blocks);
        presences = List.copyOf(presences);
    }

    public static BitswapMessage wants(List<WantlistEntry> entries) {
        return new BitswapMessage(entries, false, List.of(), List.of(), 0);
    }

    public static BitswapMessage reply(List<Block> blocks, List<BlockPresence> presences, int pendingBytes) {
        return new BitswapMessage(List.of(), false, blocks, presences, pendingBytes);
    }

    public boolean isEmpty() {
        return wantlist.isEmpty() && !full && blocks.isEmpty() && presences.isEmpty();
    }
}
