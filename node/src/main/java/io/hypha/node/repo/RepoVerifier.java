package io.hypha.node.repo;

import io.hypha.block.Blockstore;
import io.hypha.block.BlockstoreException;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;
import java.io.IOException;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Re-reads and re-hashes every stored block, as Kubo's {@code repo verify}. A block that no longer matches
 * its hash (or cannot be verified) is reported, never repaired. Blocking: run it on a worker thread.
 */
public final class RepoVerifier {
    private RepoVerifier() {}

    /** A block that failed verification: its CID (v1 raw of the stored multihash) and why. */
    public record Corrupt(Cid cid, String reason) {}

    /** How many blocks were checked and how many were corrupt. */
    public record Result(long checked, long corrupt) {
        /** Whether every block matched its hash. */
        public boolean clean() {
            return corrupt == 0;
        }
    }

    /** Verifies every block of {@code blocks}, telling {@code onCorrupt} about each bad one. */
    public static Result verify(Blockstore blocks, Consumer<Corrupt> onCorrupt) throws IOException {
        long checked = 0;
        long corrupt = 0;
        try (Stream<Multihash> keys = blocks.keys()) {
            for (Iterator<Multihash> it = keys.iterator(); it.hasNext(); ) {
                Cid cid = Cid.v1(Multicodec.RAW, it.next());
                checked++;
                try {
                    DagWalk.get(blocks, cid);
                } catch (BlockstoreException e) {
                    corrupt++;
                    onCorrupt.accept(new Corrupt(cid, e.getMessage()));
                }
            }
        }
        return new Result(checked, corrupt);
    }
}
