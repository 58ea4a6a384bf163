package io.hypha.protocol.perf;

/**
 * Settings of {@link Perf}. Defaults ({@link #defaults()}):
 * <ul>
 *   <li>{@code writeChunk} 64 KiB ({@link #DEFAULT_WRITE_CHUNK}): bytes per write, one yamux frame (go-yamux's
 *       largest)</li>
 *   <li>{@code maxResponseBytes} 1 TiB ({@link #DEFAULT_MAX_RESPONSE_BYTES}): the most a client may ask the
 *       server to send</li>
 * </ul>
 *
 * @param writeChunk       bytes per write, 1 to {@link PerfProtocol#MAX_WRITE_CHUNK}
 * @param maxResponseBytes largest download the server agrees to; a larger request is reset
 */
public record PerfConfig(int writeChunk, long maxResponseBytes) {
    /** One yamux frame of go-yamux's maximum size (SPEC-NOTES 1.1). */
    public static final int DEFAULT_WRITE_CHUNK = 64 * 1024;
    /** 1 TiB: over an hour at 2 Gbit/s, far beyond the test-plans runs (20 s each), yet not unbounded. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 1L << 40;

    public PerfConfig {
        if (writeChunk < 1 || writeChunk > PerfProtocol.MAX_WRITE_CHUNK) {
            throw new IllegalArgumentException("writeChunk out of [1, " + PerfProtocol.MAX_WRITE_CHUNK + "]: " + writeChunk);
        }
        if (maxResponseBytes < 0) {
            throw new IllegalArgumentException("maxResponseBytes must not be negative");
        }
    }

    /** The defaults listed above. */
    public static PerfConfig defaults() {
        return new PerfConfig(DEFAULT_WRITE_CHUNK, DEFAULT_MAX_RESPONSE_BYTES);
    }
}
