package io.hypha.node.unixfs;

/**
 * UnixFS {@code UnixTime}: seconds relative to the epoch (may be negative) and optional fractional
 * nanoseconds (ipfs/specs {@code unixfs.md}: {@code int64 Seconds = 1; fixed32 FractionalNanoseconds = 2}).
 *
 * @param seconds seconds since 1970-01-01T00:00:00Z
 * @param fractionalNanoseconds null when absent, otherwise 1 to {@link #MAX_FRACTIONAL_NANOSECONDS}
 */
public record UnixTime(long seconds, Integer fractionalNanoseconds) {
    /** The spec's upper bound for the fractional part. */
    public static final int MAX_FRACTIONAL_NANOSECONDS = 999_999_999;

    public UnixTime {
        if (fractionalNanoseconds != null
                && (fractionalNanoseconds < 1 || fractionalNanoseconds > MAX_FRACTIONAL_NANOSECONDS)) {
            throw new UnixfsException("mtime fractional nanoseconds " + Integer.toUnsignedString(fractionalNanoseconds)
                    + " outside 1.." + MAX_FRACTIONAL_NANOSECONDS);
        }
    }
}
