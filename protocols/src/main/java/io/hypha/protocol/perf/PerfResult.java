package io.hypha.protocol.perf;

import java.time.Duration;
import java.util.Objects;

/**
 * Timings of one perf run.
 *
 * @param uploadBytes   bytes we sent (after the 8-byte header)
 * @param downloadBytes bytes the server sent back
 * @param upload        from the first upload byte written to our end of stream handed to the connection
 * @param download      from our end of stream to the server's end of stream, every byte received
 * @param total         from the call to {@link Perf#run} (opening the stream included) to the server's end of stream
 */
public record PerfResult(long uploadBytes, long downloadBytes, Duration upload, Duration download, Duration total) {
    public PerfResult {
        Objects.requireNonNull(upload, "upload");
        Objects.requireNonNull(download, "download");
        Objects.requireNonNull(total, "total");
    }

    /** Upload throughput in bytes per second (0 when nothing was uploaded). */
    public double uploadBytesPerSecond() {
        return rate(uploadBytes, upload);
    }

    /** Download throughput in bytes per second (0 when nothing was downloaded). */
    public double downloadBytesPerSecond() {
        return rate(downloadBytes, download);
    }

    private static double rate(long bytes, Duration d) {
        long nanos = d.toNanos();
        return bytes == 0 || nanos <= 0 ? 0 : bytes * 1e9 / nanos;
    }
}
