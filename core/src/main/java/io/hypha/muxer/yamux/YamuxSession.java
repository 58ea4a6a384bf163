package io.hypha.muxer.yamux;

import io.hypha.muxer.MuxerRole;
import io.hypha.resource.ConnectionScope;
import io.hypha.resource.Limit;
import io.hypha.resource.RateLimiter;
import io.hypha.resource.ResourceLimitException;
import io.hypha.resource.StreamScope;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;

/**
 * The sans-IO yamux session (yamux spec, "Message Flow", "Flow Control", "Session termination"): stream
 * states, windows, keep-alive and GoAway, with no channel inside. Inputs are decoded frames
 * ({@link #receive}), application actions ({@link #open}, {@link #write}, {@link #consume}, {@link #closeWrite},
 * {@link #close(int)}, {@link #reset}, {@link #goAway}, {@link #close()}) and time ({@link #tick} plus the
 * injected {@link Clock} for RTT and auto-tuning); outputs are frames to send and {@link YamuxEvent}s, both
 * handed synchronously to the {@link Output}. Not thread-safe: drive it from one thread (an event loop).
 *
 * <p>Rules, with their source:
 * <ul>
 *   <li>ids: initiator odd, responder even; a SYN with our parity, id 0 or a live id is a protocol error
 *       (GoAway PROTOCOL_ERROR, as go-yamux).</li>
 *   <li>acknowledgement: a stream the peer opened is acknowledged by the ACK flag on the first frame we send
 *       on it (spec "ACK backlog": do not implicitly acknowledge). More than {@code ackBacklog}
 *       unacknowledged inbound streams, more than {@code maxStreams} live streams, or any SYN after our
 *       GoAway: the new stream is answered with RST.</li>
 *   <li>frames for an unknown or already closed stream are ignored and their payload released, as go-yamux
 *       and rust-yamux do (a late frame may cross our close on the wire; it is not an error).</li>
 *   <li>flow control: every stream starts at {@link YamuxConfig#SPEC_INITIAL_WINDOW} both ways; a Data frame
 *       larger than the window we advertised is a protocol error. Window is returned when the application
 *       reports bytes as consumed, once at least half the current window is returned (go-yamux); it doubles,
 *       up to {@code maxStreamWindow}, when the previous window was consumed within
 *       {@link #AUTO_TUNE_RTT_FACTOR} RTTs (go-yamux auto-tuning).</li>
 *   <li>keep-alive: a Ping(SYN) at start (RTT) and every {@code keepAliveInterval}; a ping unanswered for
 *       {@code keepAliveTimeout} closes the session (GoAway INTERNAL_ERROR). Every Ping(SYN) is answered with
 *       Ping(ACK) carrying the same opaque value.</li>
 *   <li>GoAway received: NORMAL stops new streams both ways while existing streams finish; an error code
 *       closes the session (go-yamux does the same).</li>
 * </ul>
 *
 * <p>Resources (go-yamux reserves each stream's window from its connection's memory scope the same way): every
 * stream holds a {@link StreamScope} of the session's {@link ConnectionScope} with its receive window plus
 * {@link YamuxConfig#RECEIVE_CHUNK} reserved (the most its inbound queue can pin); a stream the scope refuses is
 * answered with RST (inbound) or fails to open (outbound), and a window grows only when the scope grants the
 * extra memory, whatever RTT the peer makes us measure. The peer's stream opens and resets are rate-limited per
 * connection ({@link io.hypha.resource.ResourceLimits#streamOpenRate()}, {@code streamResetRate()}): opens over
 * the rate are refused with RST, and a peer that keeps exceeding either rate gets GoAway PROTOCOL_ERROR. At most
 * {@link #MAX_QUEUED_PONGS} ping answers wait in the output at once (from the first one queued until the output
 * drains, see {@link #outputDrained()}); a peer that makes us queue more, by pinging in bursts or by not reading
 * its socket, is flooding and gets GoAway PROTOCOL_ERROR.
 */
public final class YamuxSession {
    /** Where the session's outputs go. Both methods are called synchronously, in order. */
    public interface Output {
        /** A frame to send. Ownership of a Data payload moves to the output. */
        void frame(YamuxFrame frame);

        /** Something the application side must learn. */
        void event(YamuxEvent event);
    }

    /** go-yamux grows a window when it was used up in less than four round trips (stream.go sendWindowUpdate). */
    public static final int AUTO_TUNE_RTT_FACTOR = 4;
    /**
     * Ping answers that may wait in our output at once: counted from the first one queued until the output drains
     * ({@link #outputDrained()}: flushed, and the connection writable again). A peer waits for its pong before
     * pinging again (go-yamux keeps one keep-alive ping in flight), so more is a flood meant to make us queue
     * answers, in one burst or over time while it does not read its socket: the session is closed (GoAway
     * PROTOCOL_ERROR). (The Netty handler also stops reading a connection whose output is full once a second
     * answer waits in it.)
     */
    public static final int MAX_QUEUED_PONGS = 64;

    /** How {@link #admitData} judges a Data frame from its header, before its payload is buffered. */
    public enum DataAdmission {
        /** Decode the payload and hand the frame to {@link #receive}. */
        DELIVER,
        /** The stream is unknown or gone: skip the payload without buffering it. */
        DISCARD
    }

    private static final Logger LOG = System.getLogger(YamuxSession.class.getName());

    private final YamuxConfig config;
    private final boolean client;
    private final Clock clock;
    private final Output out;
    private final ConnectionScope scope;
    private final RateLimiter opens;
    private final RateLimiter resets;
    private final IntObjectMap<Stream> streams = new IntObjectHashMap<>();
    private int queuedPongs;

    private long nextStreamId;
    private int inboundUnacked;
    private int outboundUnacked;
    private boolean localGoAway;
    private boolean remoteGoAway;
    private boolean closed;

    private long nextPingOpaque = 1;
    private long pingOpaque = -1;
    private Instant pingSentAt;
    private Instant nextKeepAlive;
    private Duration rtt;

    /** A session whose streams are accounted in an unlimited scope of their own (tests, tools). */
    public YamuxSession(YamuxConfig config, MuxerRole role, Clock clock, Output out) {
        this(config, role, clock, out, ConnectionScope.unlimited());
    }

    /** A session whose streams, windows and rates are accounted in {@code scope}. */
    public YamuxSession(YamuxConfig config, MuxerRole role, Clock clock, Output out, ConnectionScope scope) {
        this.config = config;
        this.client = role == MuxerRole.INITIATOR;
        this.clock = clock;
        this.out = out;
        this.scope = scope;
        this.nextStreamId = client ? 1 : 2;
        Instant now = clock.instant();
        this.opens = new RateLimiter(scope.limits().streamOpenRate(), now);
        this.resets = new RateLimiter(scope.limits().streamResetRate(), now);
    }

    /** Starts the session: sends the RTT-measuring ping and arms keep-alive. */
    public void start() {
        Instant now = clock.instant();
        sendPing(now);
        if (config.keepAliveEnabled()) {
            nextKeepAlive = now.plus(config.keepAliveInterval());
        }
    }

    // ------------------------------------------------------------------------------------------ network input

    /**
     * Judges a Data frame from its header, before its payload is read, so that no payload larger than the
     * stream's window is ever buffered: a frame for a live stream must fit the window we granted, one that
     * opens a stream must fit the spec's initial window, and one for an unknown or closed stream is skipped
     * (its flags are void: the stream is gone). Changes nothing.
     *
     * @throws YamuxConnectionException (PROTOCOL_ERROR) when the payload exceeds the window
     */
    public DataAdmission admitData(int id, int flags, long length) throws YamuxConnectionException {
        if (closed) {
            return DataAdmission.DISCARD;
        }
        Stream s = streams.get(id);
        if (s == null) {
            if (!Flag.SYN.in(flags)) {
                return DataAdmission.DISCARD;
            }
            if (length > YamuxConfig.SPEC_INITIAL_WINDOW) {
                throw new YamuxConnectionException(GoAwayCode.PROTOCOL_ERROR, "stream " + Integer.toUnsignedString(id)
                        + " opened with " + length + " bytes, more than the initial window of " + YamuxConfig.SPEC_INITIAL_WINDOW);
            }
            return DataAdmission.DELIVER;
        }
        if (length > s.recvWindow && !Flag.RST.in(flags)) {
            throw new YamuxConnectionException(GoAwayCode.PROTOCOL_ERROR, "stream " + Integer.toUnsignedString(id)
                    + " sent a " + length + "-byte frame into a window of " + s.recvWindow);
        }
        return DataAdmission.DELIVER;
    }

    /**
     * Handles one decoded frame. Takes ownership of a Data frame's payload (it is released, or handed on in a
     * {@link YamuxEvent.DataReceived}).
     */
    public void receive(YamuxFrame frame) {
        if (closed) {
            ReferenceCountUtil.release(frame);
            return;
        }
        switch (frame) {
            case YamuxFrame.Data data -> onStreamFrame(data.streamId(), data.flags(), data.payload(), 0);
            case YamuxFrame.WindowUpdate update -> onStreamFrame(update.streamId(), update.flags(), null, update.delta());
            case YamuxFrame.Ping ping -> onPing(ping);
            case YamuxFrame.GoAway goAway -> onGoAway(goAway.code());
        }
    }

    private void onStreamFrame(int id, int flags, ByteBuf payload, long delta) {
        Stream s;
        if (Flag.SYN.in(flags)) {
            s = onSyn(id);
            if (s == null) {
                release(payload);
                return;
            }
        } else {
            s = streams.get(id);
            if (s == null) {
                LOG.log(Level.DEBUG, "yamux: ignoring frame for unknown or closed stream {0}", Integer.toUnsignedString(id));
                release(payload);
                return;
            }
        }
        if (Flag.ACK.in(flags) && s.outbound && !s.acked) {
            s.acked = true;
            outboundUnacked--;
            out.event(new YamuxEvent.StreamAcknowledged(id));
        }
        if (Flag.RST.in(flags)) {
            release(payload);
            remove(s);
            out.event(new YamuxEvent.StreamReset(id, true));
            if (!resets.tryAcquire(clock.instant()) && resets.exhausted()) {
                rateViolation(Limit.STREAM_RESET_RATE, "stream resets");
            }
            return;
        }
        if (delta > 0) {
            s.sendWindow += delta;
            out.event(new YamuxEvent.WindowUpdated(id, s.sendWindow));
        }
        if (payload != null && !onData(s, payload)) {
            return;
        }
        if (Flag.FIN.in(flags) && !s.remoteFin) {
            s.remoteFin = true;
            if (s.localFin) {
                remove(s);
            }
            out.event(new YamuxEvent.RemoteClosed(id));
        }
    }

    private Stream onSyn(int id) {
        boolean peerParity = (id & 1) == (client ? 0 : 1);
        if (id == YamuxFrame.SESSION_ID || !peerParity) {
            protocolError("SYN with invalid stream id " + Integer.toUnsignedString(id));
            return null;
        }
        if (streams.containsKey(id)) {
            protocolError("duplicate SYN for stream " + Integer.toUnsignedString(id));
            return null;
        }
        if (localGoAway) {
            refuse(id, "after our GoAway");
            return null;
        }
        if (inboundUnacked >= config.ackBacklog()) {
            refuse(id, "ACK backlog of " + config.ackBacklog() + " full");
            return null;
        }
        if (streams.size() >= config.maxStreams()) {
            refuse(id, "stream limit of " + config.maxStreams() + " reached");
            return null;
        }
        Instant now = clock.instant();
        if (!opens.tryAcquire(now)) {
            refuse(id, "stream open rate " + opens.rate() + " exceeded");
            if (opens.exhausted()) {
                rateViolation(Limit.STREAM_OPEN_RATE, "stream opens");
            }
            return null;
        }
        StreamScope streamScope;
        try {
            streamScope = scope.openStream(true);
        } catch (ResourceLimitException e) {
            refuse(id, e.getMessage());
            return null;
        }
        try {
            streamScope.reserveMemory((long) config.initialStreamWindow() + YamuxConfig.RECEIVE_CHUNK);
        } catch (ResourceLimitException e) {
            streamScope.close();
            refuse(id, e.getMessage());
            return null;
        }
        Stream s = new Stream(id, false, config.initialStreamWindow(), now, streamScope);
        streams.put(id, s);
        inboundUnacked++;
        out.event(new YamuxEvent.StreamOpened(id));
        return s;
    }

    /** The peer keeps exceeding a rate: counted as a refusal of {@code limit}, and the session ends. */
    private void rateViolation(Limit limit, String what) {
        String message = scope.refused(limit, "the peer keeps exceeding the rate of " + what).getMessage();
        fail(new YamuxConnectionException(GoAwayCode.PROTOCOL_ERROR, message));
    }

    private void refuse(int id, String why) {
        LOG.log(Level.DEBUG, "yamux: refusing stream {0}: {1}", Integer.toUnsignedString(id), why);
        out.frame(new YamuxFrame.WindowUpdate(id, Flag.RST.code(), 0));
    }

    /** Returns false when the frame ended the stream or the session. */
    private boolean onData(Stream s, ByteBuf payload) {
        int length = payload.readableBytes();
        if (length > s.recvWindow) {
            payload.release();
            protocolError("stream " + Integer.toUnsignedString(s.id) + " received " + length
                    + " bytes with a window of " + s.recvWindow);
            return false;
        }
        if (s.remoteFin && length > 0) {
            payload.release();
            LOG.log(Level.DEBUG, "yamux: data after FIN on stream {0}, resetting it", Integer.toUnsignedString(s.id));
            out.frame(new YamuxFrame.WindowUpdate(s.id, Flag.RST.code(), 0));
            remove(s);
            out.event(new YamuxEvent.StreamReset(s.id, false));
            return false;
        }
        if (length == 0) {
            payload.release();
            return true;
        }
        s.recvWindow -= length;
        s.unconsumed += length;
        out.event(new YamuxEvent.DataReceived(s.id, payload));
        return true;
    }

    private void onPing(YamuxFrame.Ping ping) {
        if (Flag.SYN.in(ping.flags())) {
            if (queuedPongs >= MAX_QUEUED_PONGS) {
                protocolError("ping flood: more than " + MAX_QUEUED_PONGS + " pings answered before our output drained");
                return;
            }
            queuedPongs++;
            out.frame(new YamuxFrame.Ping(Flag.ACK.code(), ping.opaque()));
        } else if (Flag.ACK.in(ping.flags()) && ping.opaque() == pingOpaque) {
            rtt = Duration.between(pingSentAt, clock.instant());
            LOG.log(Level.DEBUG, "yamux: round-trip time {0}", rtt);
            pingOpaque = -1;
            pingSentAt = null;
        }
    }

    private void onGoAway(GoAwayCode code) {
        if (code != GoAwayCode.NORMAL) {
            LOG.log(Level.DEBUG, "yamux: peer sent GoAway {0}", code);
            terminate(new YamuxConnectionException(code, "peer sent GoAway " + code));
            return;
        }
        remoteGoAway = true;
        out.event(new YamuxEvent.GoAwayReceived(code));
    }

    /** Ping answers emitted since the output last drained ({@link #outputDrained()}). */
    public int queuedPongs() {
        return queuedPongs;
    }

    /**
     * The frames emitted so far have left for the network (flushed, and the connection is writable): ping answers
     * count from zero. Not called while the connection's output is backed up, so pings from a peer that does not
     * read keep counting.
     */
    public void outputDrained() {
        queuedPongs = 0;
    }

    // ------------------------------------------------------------------------------------------ time

    /** Advances timers: sends a keep-alive ping when due, closes the session when a ping went unanswered. */
    public void tick(Instant now) {
        if (closed) {
            return;
        }
        if (pingSentAt != null && !now.isBefore(pingSentAt.plus(config.keepAliveTimeout()))) {
            LOG.log(Level.DEBUG, "yamux: no ping answer within {0}, closing", config.keepAliveTimeout());
            fail(new YamuxConnectionException(GoAwayCode.INTERNAL_ERROR,
                    "keep-alive timeout: no ping answer within " + config.keepAliveTimeout()));
            return;
        }
        if (nextKeepAlive != null && !now.isBefore(nextKeepAlive)) {
            nextKeepAlive = now.plus(config.keepAliveInterval());
            if (pingSentAt == null) {
                sendPing(now);
            }
        }
    }

    /** The next instant {@link #tick} has work, if any. */
    public Optional<Instant> nextDeadline() {
        if (closed) {
            return Optional.empty();
        }
        Instant deadline = pingSentAt == null ? null : pingSentAt.plus(config.keepAliveTimeout());
        if (nextKeepAlive != null && (deadline == null || nextKeepAlive.isBefore(deadline))) {
            deadline = nextKeepAlive;
        }
        return Optional.ofNullable(deadline);
    }

    private void sendPing(Instant now) {
        pingOpaque = nextPingOpaque;
        nextPingOpaque = nextPingOpaque == YamuxFrame.MAX_LENGTH_FIELD ? 1 : nextPingOpaque + 1;
        pingSentAt = now;
        out.frame(new YamuxFrame.Ping(Flag.SYN.code(), pingOpaque));
    }

    // ------------------------------------------------------------------------------------------ application input

    /**
     * Opens a stream: sends WindowUpdate(SYN) granting any window above the spec's initial one (as go does)
     * and returns the new id.
     *
     * @throws YamuxStreamException (REFUSED) after a GoAway either way, at the stream limit, with
     *                              {@code ackBacklog} of our streams unacknowledged, when ids are exhausted, or
     *                              when the resource scope refuses the stream (the cause names the limit)
     * @throws YamuxConnectionException when the session is closed
     */
    public int open() throws YamuxException {
        if (closed) {
            throw new YamuxConnectionException(GoAwayCode.NORMAL, "session closed");
        }
        String refusal = remoteGoAway ? "peer sent GoAway"
                : localGoAway ? "session is going away"
                : streams.size() >= config.maxStreams() ? "stream limit of " + config.maxStreams() + " reached"
                : outboundUnacked >= config.ackBacklog() ? "ACK backlog of " + config.ackBacklog() + " full"
                : nextStreamId > YamuxFrame.MAX_LENGTH_FIELD ? "stream ids exhausted"
                : null;
        if (refusal != null) {
            throw new YamuxStreamException(0, YamuxStreamException.Reason.REFUSED, refusal);
        }
        StreamScope streamScope;
        try {
            streamScope = scope.openStream(false);
            try {
                streamScope.reserveMemory((long) config.initialStreamWindow() + YamuxConfig.RECEIVE_CHUNK);
            } catch (ResourceLimitException e) {
                streamScope.close();
                throw e;
            }
        } catch (ResourceLimitException e) {
            throw new YamuxStreamException(0, YamuxStreamException.Reason.REFUSED, e.getMessage(), e);
        }
        int id = (int) nextStreamId;
        nextStreamId += 2;
        Stream s = new Stream(id, true, config.initialStreamWindow(), clock.instant(), streamScope);
        streams.put(id, s);
        outboundUnacked++;
        s.recvWindow = s.recvMax;
        out.frame(new YamuxFrame.WindowUpdate(id, Flag.SYN.code(), s.recvMax - YamuxConfig.SPEC_INITIAL_WINDOW));
        return id;
    }

    /**
     * Sends {@code data} on stream {@code id} as one Data frame. Takes ownership of {@code data}. It must fit
     * {@link #sendWindow(int)} and {@link YamuxConfig#maxFrameSize()}: the session never exceeds the peer's
     * window, so asking it to is a bug of the caller.
     *
     * @throws IllegalStateException if the stream is unknown or half-closed by us, or {@code data} does not fit
     */
    public void write(int id, ByteBuf data) {
        Stream s = streams.get(id);
        int length = data.readableBytes();
        if (closed || s == null || s.localFin || length > s.sendWindow || length > config.maxFrameSize()) {
            data.release();
            throw new IllegalStateException("cannot send " + length + " bytes on stream "
                    + Integer.toUnsignedString(id) + (s == null ? " (not open)" : " (window " + s.sendWindow + ")"));
        }
        s.sendWindow -= length;
        out.frame(new YamuxFrame.Data(id, takeAckFlag(s), data));
    }

    /**
     * Reports {@code bytes} of stream {@code id} as consumed by the application; once at least half the
     * stream's window is consumed the credit goes back to the peer in a WindowUpdate (auto-tuned). Unknown
     * streams are ignored.
     */
    public void consume(int id, int bytes) {
        Stream s = streams.get(id);
        if (closed || s == null || bytes <= 0) {
            return;
        }
        s.unconsumed = Math.max(0, s.unconsumed - bytes);
        if (s.remoteFin) {
            return;
        }
        long delta = s.recvMax - s.recvWindow - s.unconsumed;
        if (delta < s.recvMax / 2) {
            return;
        }
        Instant now = clock.instant();
        if (rtt != null && !rtt.isZero() && Duration.between(s.epochStart, now).compareTo(rtt.multipliedBy(AUTO_TUNE_RTT_FACTOR)) < 0) {
            long grown = Math.min(s.recvMax * 2, config.maxStreamWindow());
            // grow only with memory granted by the connection's, peer's and node's budgets
            if (grown > s.recvMax) {
                if (s.scope.tryReserveMemory(grown - s.recvMax)) {
                    delta += grown - s.recvMax;
                    s.recvMax = grown;
                } else {
                    LOG.log(Level.DEBUG, "yamux: stream {0} window stays at {1}: no memory left in the budget",
                            Integer.toUnsignedString(id), s.recvMax);
                }
            }
        }
        s.epochStart = now;
        s.recvWindow += delta;
        out.frame(new YamuxFrame.WindowUpdate(id, takeAckFlag(s), delta));
    }

    /** Half-closes our direction of stream {@code id} (FIN); no-op if already done or unknown. */
    public void closeWrite(int id) {
        Stream s = streams.get(id);
        if (closed || s == null || s.localFin) {
            return;
        }
        s.localFin = true;
        if (s.remoteFin) {
            remove(s);
        }
        out.frame(new YamuxFrame.WindowUpdate(id, takeAckFlag(s) | Flag.FIN.code(), 0));
    }

    /**
     * Closes stream {@code id} gracefully from our side: FIN if not sent yet, and the read side is dropped at
     * once (go-yamux Close = CloseWrite + CloseRead): the stream leaves the session and later frames for it
     * are ignored.
     */
    public void close(int id) {
        Stream s = streams.get(id);
        if (closed || s == null) {
            return;
        }
        closeWrite(id);
        remove(s);
    }

    /** Resets stream {@code id} (RST); no-op if unknown. */
    public void reset(int id) {
        Stream s = streams.get(id);
        if (closed || s == null) {
            return;
        }
        remove(s);
        out.frame(new YamuxFrame.WindowUpdate(id, Flag.RST.code(), 0));
    }

    /** Sends GoAway(NORMAL) once: the peer may open no new streams, nor may we; existing streams go on. */
    public void goAway() {
        if (closed || localGoAway) {
            return;
        }
        localGoAway = true;
        out.frame(new YamuxFrame.GoAway(GoAwayCode.NORMAL));
    }

    /** Closes the session in an orderly way: GoAway(NORMAL) unless sent, then every stream is gone. */
    public void close() {
        if (closed) {
            return;
        }
        goAway();
        terminate(new YamuxConnectionException(GoAwayCode.NORMAL, "session closed"));
    }

    /** Closes the session on a connection error: sends GoAway with the error's code, then every stream is gone. */
    public void fail(YamuxConnectionException cause) {
        if (closed) {
            return;
        }
        localGoAway = true;
        out.frame(new YamuxFrame.GoAway(cause.code()));
        terminate(cause);
    }

    /** The transport is gone: ends the session without sending anything. */
    public void transportClosed() {
        terminate(new YamuxConnectionException(GoAwayCode.NORMAL, "connection closed"));
    }

    // ------------------------------------------------------------------------------------------ queries

    /** Bytes we may send on {@code id} now (the peer's window), or -1 if the stream is unknown or half-closed by us. */
    public long sendWindow(int id) {
        Stream s = streams.get(id);
        return closed || s == null || s.localFin ? -1 : s.sendWindow;
    }

    /** Bytes the peer may still send on {@code id}, or -1 if unknown. */
    public long receiveWindow(int id) {
        Stream s = streams.get(id);
        return s == null ? -1 : s.recvWindow;
    }

    /** The current (auto-tuned) receive window size of {@code id}, or -1 if unknown. */
    public long maxReceiveWindow(int id) {
        Stream s = streams.get(id);
        return s == null ? -1 : s.recvMax;
    }

    /** The resource scope of stream {@code id}, or null if unknown. */
    public StreamScope streamScope(int id) {
        Stream s = streams.get(id);
        return s == null ? null : s.scope;
    }

    /** Whether {@code id} is a live stream of this session. */
    public boolean isLive(int id) {
        return !closed && streams.containsKey(id);
    }

    /** Live streams. */
    public int streamCount() {
        return streams.size();
    }

    /** Whether {@link #open()} would currently be refused for a reason other than the backlog or limit. */
    public boolean isGoingAway() {
        return closed || localGoAway || remoteGoAway;
    }

    public boolean isClosed() {
        return closed;
    }

    /** The last measured round-trip time, if a ping was answered. */
    public Optional<Duration> rtt() {
        return Optional.ofNullable(rtt);
    }

    // ------------------------------------------------------------------------------------------ internals

    private int takeAckFlag(Stream s) {
        if (s.outbound || s.acked) {
            return 0;
        }
        s.acked = true;
        inboundUnacked--;
        return Flag.ACK.code();
    }

    private void remove(Stream s) {
        if (streams.remove(s.id) == null) {
            return;
        }
        s.scope.close();
        if (!s.acked) {
            if (s.outbound) {
                outboundUnacked--;
            } else {
                inboundUnacked--;
            }
        }
    }

    private void protocolError(String message) {
        LOG.log(Level.DEBUG, "yamux: protocol error: {0}", message);
        fail(new YamuxConnectionException(GoAwayCode.PROTOCOL_ERROR, message));
    }

    private void terminate(YamuxConnectionException cause) {
        if (closed) {
            return;
        }
        closed = true;
        for (Stream s : new ArrayList<>(streams.values())) {
            remove(s);
        }
        pingSentAt = null;
        nextKeepAlive = null;
        out.event(new YamuxEvent.SessionClosed(cause));
    }

    private static void release(ByteBuf payload) {
        if (payload != null) {
            payload.release();
        }
    }

    private static final class Stream {
        final int id;
        final boolean outbound;
        boolean acked;
        boolean localFin;
        boolean remoteFin;
        long sendWindow = YamuxConfig.SPEC_INITIAL_WINDOW;
        /** Bytes the peer may still send. */
        long recvWindow = YamuxConfig.SPEC_INITIAL_WINDOW;
        /** The window we aim to keep granted: initial window, grown by auto-tuning. */
        long recvMax;
        /** Received and not yet reported consumed. */
        long unconsumed;
        Instant epochStart;
        final StreamScope scope;

        Stream(int id, boolean outbound, long recvMax, Instant now, StreamScope scope) {
            this.id = id;
            this.outbound = outbound;
            this.recvMax = recvMax;
            this.epochStart = now;
            this.scope = scope;
        }
    }
}
