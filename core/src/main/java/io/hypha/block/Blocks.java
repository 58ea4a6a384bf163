package io.hypha.block;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.MultiformatException;
import io.hypha.multiformats.Multihash;
import java.util.Collection;
import java.util.Optional;

/**
 * Checks and identity-CID handling for {@link Blockstore} implementations (the memory store here, the flatfs store in
 * the node), so every store keeps the interface's guarantees the same way.
 */
public final class Blocks {
    /** Multihash code of the identity "hash" (multicodec table: identity 0x00): the digest is the data. */
    public static final long IDENTITY_CODE = 0x00;

    private Blocks() {}

    public static boolean isIdentity(Cid cid) {
        return cid.multihash().code() == IDENTITY_CODE;
    }

    /** The inline block of an identity CID. */
    public static Block identityBlock(Cid cid) {
        return new Block(cid, cid.multihash().digest());
    }

    /** Throws unless {@code data} is storable under {@code cid}: within the size limit and matching the hash. */
    public static void verifyForPut(Cid cid, byte[] data) {
        if (data.length > Blockstore.MAX_BLOCK_SIZE) {
            throw new BlockTooLargeException(cid, data.length);
        }
        Multihash mh = cid.multihash();
        boolean matches;
        try {
            matches = mh.verify(data);
        } catch (MultiformatException e) {
            throw new BlockstoreException("cannot verify block " + cid + ": " + e.getMessage(), e);
        }
        if (!matches) {
            throw new HashMismatchException(cid, data.length + " bytes hash to something else");
        }
    }

    public static void verifyAllForPut(Collection<Block> blocks) {
        for (Block b : blocks) {
            verifyForPut(b.cid(), b.data());
        }
    }

    /** Present for identity CIDs, empty otherwise. */
    public static Optional<Block> inline(Cid cid) {
        return isIdentity(cid) ? Optional.of(identityBlock(cid)) : Optional.empty();
    }
}
