package io.hypha.muxer.yamux;

import java.time.Duration;

/**
 * Settings of one yamux session. {@link #DEFAULT} lists the defaults, which follow the spec and go-yamux:
 * <ul>
 *   <li>{@code initialStreamWindow} 256 KiB: the receive window granted to each new stream (at least the
 *       spec's {@link #SPEC_INITIAL_WINDOW}; anything above it is granted in the SYN/ACK frame)</li>
 *   <li>{@code maxStreamWindow} 16 MiB: the ceiling of receive-window auto-tuning per stream</li>
 *   <li>{@code maxFrameSize} 64 KiB: the largest Data payload we send</li>
 *   <li>{@code ackBacklog} 256: streams opened by one side and not yet acknowledged by the other</li>
 *   <li>{@code maxStreams} 1024: live streams per session, both directions together</li>
 *   <li>{@code keepAliveInterval} 30 s ({@link Duration#ZERO} disables keep-alive pings)</li>
 *   <li>{@code keepAliveTimeout} 10 s: a ping unanswered for this long closes the session</li>
 *   <li>{@code maxSendBuffer} 1 MiB: bytes a stream channel holds beyond the peer's window</li>
 * </ul>
 *
 * @param initialStreamWindow receive window per new stream, {@link #SPEC_INITIAL_WINDOW} to {@code maxStreamWindow}
 * @param maxStreamWindow     auto-tuning ceiling per stream, at most {@link #MAX_STREAM_WINDOW_LIMIT}
 * @param maxFrameSize        largest Data payload sent, 1 to {@link #MAX_STREAM_WINDOW_LIMIT}
 * @param ackBacklog          unacknowledged streams allowed in each direction (inbound beyond it: RST; outbound: refused)
 * @param maxStreams          live streams per session (inbound beyond it: RST; outbound: refused)
 * @param keepAliveInterval   interval between keep-alive pings, {@link Duration#ZERO} for none
 * @param keepAliveTimeout    how long a ping may stay unanswered before the session is closed
 * @param maxSendBuffer       per-stream bound on bytes written by the application and not yet sent;
 *                            a write beyond it fails with {@link YamuxStreamException.Reason#SEND_BUFFER_FULL}
 */
public record YamuxConfig(
        int initialStreamWindow,
        int maxStreamWindow,
        int maxFrameSize,
        int ackBacklog,
        int maxStreams,
        Duration keepAliveInterval,
        Duration keepAliveTimeout,
        int maxSendBuffer) {

    /** Every stream starts with this window in both directions (yamux spec, "Flow Control": "each stream with a 256KB window size"). */
    public static final int SPEC_INITIAL_WINDOW = 256 * 1024;
    /** Hard ceiling of a stream window (go-libp2p's MaxStreamWindowSize, SPEC-NOTES 1.4); also bounds a decoded Data frame. */
    public static final int MAX_STREAM_WINDOW_LIMIT = 16 * 1024 * 1024;
    /**
     * Data payload size go-yamux writes at most (go-yamux const.go MaxMessageSize 64 KiB, SPEC-NOTES 1.4). Small
     * enough that one stream cannot hold the connection (and ping answers) for long, large enough that the 12-byte
     * header is 0.02 % overhead; YamuxThroughput measured no gain from 256 KiB frames over loopback TCP.
     */
    public static final int DEFAULT_MAX_FRAME_SIZE = 64 * 1024;
    /** Spec "ACK backlog": "Implementations SHOULD at most allow an ACK backlog of 256 streams". */
    public static final int DEFAULT_ACK_BACKLOG = 256;
    /** Live streams per session; go leaves this to its resource manager, 1024 is a per-connection guard (SPEC-NOTES 1.4). */
    public static final int DEFAULT_MAX_STREAMS = 1024;
    /** go-yamux keep-alive cadence, 30 s (SPEC-NOTES 1.0 step 8, 1.4). */
    public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(30);
    /** go-yamux ConnectionWriteTimeout, 10 s: the ping deadline (SPEC-NOTES 1.4). */
    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Inbound payload is copied out of the frame buffers it arrived in into chunks of at least this size, filled
     * one after the other, so a stream's queue pins what it holds plus less than one chunk (and one buffer
     * object per chunk), however small the frames: a 1-byte frame no longer keeps a 64 KiB decryption buffer
     * alive. The session reserves a stream's window plus this slack.
     */
    public static final int RECEIVE_CHUNK = 4096;
    /** Per-stream unsent-bytes bound; not in the spec, it makes the child channel's buffer a bounded queue (STYLE 3). */
    public static final int DEFAULT_MAX_SEND_BUFFER = 1024 * 1024;

    /** The defaults listed above. */
    public static final YamuxConfig DEFAULT = new YamuxConfig(
            SPEC_INITIAL_WINDOW,
            MAX_STREAM_WINDOW_LIMIT,
            DEFAULT_MAX_FRAME_SIZE,
            DEFAULT_ACK_BACKLOG,
            DEFAULT_MAX_STREAMS,
            DEFAULT_KEEP_ALIVE_INTERVAL,
            DEFAULT_KEEP_ALIVE_TIMEOUT,
            DEFAULT_MAX_SEND_BUFFER);

    public YamuxConfig {
        if (maxStreamWindow < SPEC_INITIAL_WINDOW || maxStreamWindow > MAX_STREAM_WINDOW_LIMIT) {
            throw new IllegalArgumentException("maxStreamWindow out of [256 KiB, 16 MiB]: " + maxStreamWindow);
        }
        if (initialStreamWindow < SPEC_INITIAL_WINDOW || initialStreamWindow > maxStreamWindow) {
            throw new IllegalArgumentException("initialStreamWindow out of [256 KiB, maxStreamWindow]: " + initialStreamWindow);
        }
        if (maxFrameSize < 1 || maxFrameSize > MAX_STREAM_WINDOW_LIMIT) {
            throw new IllegalArgumentException("maxFrameSize out of [1, 16 MiB]: " + maxFrameSize);
        }
        if (ackBacklog < 1) {
            throw new IllegalArgumentException("ackBacklog must be positive: " + ackBacklog);
        }
        if (maxStreams < 1) {
            throw new IllegalArgumentException("maxStreams must be positive: " + maxStreams);
        }
        if (keepAliveInterval == null || keepAliveInterval.isNegative()) {
            throw new IllegalArgumentException("keepAliveInterval must be zero or positive");
        }
        if (keepAliveTimeout == null || keepAliveTimeout.isNegative() || keepAliveTimeout.isZero()) {
            throw new IllegalArgumentException("keepAliveTimeout must be positive");
        }
        if (maxSendBuffer < 1) {
            throw new IllegalArgumentException("maxSendBuffer must be positive: " + maxSendBuffer);
        }
    }

    /** Whether keep-alive pings are sent. */
    public boolean keepAliveEnabled() {
        return !keepAliveInterval.isZero();
    }

    public YamuxConfig withInitialStreamWindow(int value) {
        return new YamuxConfig(value, maxStreamWindow, maxFrameSize, ackBacklog, maxStreams, keepAliveInterval, keepAliveTimeout, maxSendBuffer);
    }

    public YamuxConfig withMaxStreamWindow(int value) {
        return new YamuxConfig(initialStreamWindow, value, maxFrameSize, ackBacklog, maxStreams, keepAliveInterval, keepAliveTimeout, maxSendBuffer);
    }

    public YamuxConfig withMaxFrameSize(int value) {
        return new YamuxConfig(initialStreamWindow, maxStreamWindow, value, ackBacklog, maxStreams, keepAliveInterval, keepAliveTimeout, maxSendBuffer);
    }

    public YamuxConfig withAckBacklog(int value) {
        return new YamuxConfig(initialStreamWindow, maxStreamWindow, maxFrameSize, value, maxStreams, keepAliveInterval, keepAliveTimeout, maxSendBuffer);
    }

    public YamuxConfig withMaxStreams(int value) {
        return new YamuxConfig(initialStreamWindow, maxStreamWindow, maxFrameSize, ackBacklog, value, keepAliveInterval, keepAliveTimeout, maxSendBuffer);
    }

    public YamuxConfig withKeepAlive(Duration interval, Duration timeout) {
        return new YamuxConfig(initialStreamWindow, maxStreamWindow, maxFrameSize, ackBacklog, maxStreams, interval, timeout, maxSendBuffer);
    }

    public YamuxConfig withMaxSendBuffer(int value) {
        return new YamuxConfig(initialStreamWindow, maxStreamWindow, maxFrameSize, ackBacklog, maxStreams, keepAliveInterval, keepAliveTimeout, value);
    }
}
