package io.hypha.node.ipld;

/**
 * What a decoder accepts at most, so that a hostile block can neither overflow the stack (nesting) nor make the
 * decoder hold far more memory than the block's own size (many tiny items each become an object).
 */
public final class IpldLimits {
    /** Largest encoded block decoded: Bitswap's and the blockstore's 2 MiB block limit. */
    public static final int MAX_BLOCK_BYTES = 2 * 1024 * 1024;
    /** Deepest nesting of maps and lists; decoding recurses once per level. */
    public static final int MAX_DEPTH = 512;
    /**
     * Most values (of any kind, at any depth) in one block: a 2 MiB block of one-byte items would otherwise
     * become two million objects (tens of MiB of heap).
     */
    public static final int MAX_VALUES = 1 << 18;

    private IpldLimits() {}
}
