package io.hypha.transport.tcp;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the TCP transport.
 *
 * @param connectTimeout how long a dial may take to connect (default 10 s, go-libp2p's dial timeout)
 * @param writeBufferHighWaterMark bytes queued on a socket before it reports unwritable (default 1 MiB:
 *     measured here, a 1 MiB mark lets loopback TCP reach its speed with 64 KiB writes)
 * @param writeBufferLowWaterMark bytes below which it is writable again (default 512 KiB)
 * @param backlog the listen backlog (default 1024)
 */
public record TcpConfig(Duration connectTimeout, int writeBufferHighWaterMark, int writeBufferLowWaterMark, int backlog) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 1024 * 1024;
    public static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK = 512 * 1024;
    public static final int DEFAULT_BACKLOG = 1024;

    public TcpConfig {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
        if (writeBufferLowWaterMark <= 0 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
            throw new IllegalArgumentException("need 0 < low water mark <= high water mark");
        }
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog must be positive");
        }
    }

    /** The defaults listed above. */
    public static TcpConfig defaults() {
        return new TcpConfig(DEFAULT_CONNECT_TIMEOUT, DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK,
                DEFAULT_WRITE_BUFFER_LOW_WATER_MARK, DEFAULT_BACKLOG);
    }

    public TcpConfig withConnectTimeout(Duration timeout) {
        return new TcpConfig(timeout, writeBufferHighWaterMark, writeBufferLowWaterMark, backlog);
    }
}
