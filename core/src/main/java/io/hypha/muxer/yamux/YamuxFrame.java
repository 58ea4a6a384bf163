package io.hypha.muxer.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * One yamux frame: the 12-byte header (yamux spec, "Framing") and, for {@link Data}, its payload.
 * Stream ids and the 32-bit length field are unsigned on the wire; ids are kept in an {@code int}
 * (compare with {@link Integer#toUnsignedLong}), lengths, deltas and opaque values in a {@code long}.
 */
public sealed interface YamuxFrame {
    /** The only protocol version (yamux spec: "The version field is used for future backward compatibility. At the current time, the field is always set to 0"). */
    int VERSION = 0;
    /** Header size in bytes (yamux spec, "Framing": 8 + 8 + 16 + 32 + 32 bits). */
    int HEADER_SIZE = 12;
    /** The stream id of session-level frames (yamux spec: "The 0 ID is reserved to represent the session"). */
    int SESSION_ID = 0;
    /** The largest value of the unsigned 32-bit length field. */
    long MAX_LENGTH_FIELD = 0xFFFF_FFFFL;

    /** The frame type. */
    FrameType type();

    /** The flag bits ({@link Flag}). */
    int flags();

    /** The stream id (unsigned 32 bits). */
    int streamId();

    /** The header's length field: payload size, window delta, ping opaque or GoAway code. */
    long length();

    /** Whether {@code flag} is set. */
    default boolean has(Flag flag) {
        return flag.in(flags());
    }

    /**
     * A Data frame. It owns {@code payload} (reference count one): whoever consumes the frame releases
     * it, by releasing the frame or by taking the payload out and releasing that.
     */
    record Data(int streamId, int flags, ByteBuf payload) implements YamuxFrame, ReferenceCounted {
        public Data {
            checkFlags(flags);
            if (payload == null) {
                throw new NullPointerException("payload");
            }
        }

        @Override
        public FrameType type() {
            return FrameType.DATA;
        }

        @Override
        public long length() {
            return payload.readableBytes();
        }

        @Override
        public int refCnt() {
            return payload.refCnt();
        }

        @Override
        public Data retain() {
            payload.retain();
            return this;
        }

        @Override
        public Data retain(int increment) {
            payload.retain(increment);
            return this;
        }

        @Override
        public Data touch() {
            payload.touch();
            return this;
        }

        @Override
        public Data touch(Object hint) {
            payload.touch(hint);
            return this;
        }

        @Override
        public boolean release() {
            return payload.release();
        }

        @Override
        public boolean release(int decrement) {
            return payload.release(decrement);
        }

        @Override
        public String toString() {
            return "Data[stream=" + Integer.toUnsignedString(streamId) + ", flags=" + flags
                    + ", length=" + payload.readableBytes() + "]";
        }
    }

    /** A WindowUpdate frame: grows the receiver's send window for {@code streamId} by {@code delta}. */
    record WindowUpdate(int streamId, int flags, long delta) implements YamuxFrame {
        public WindowUpdate {
            checkFlags(flags);
            checkU32(delta, "delta");
        }

        @Override
        public FrameType type() {
            return FrameType.WINDOW_UPDATE;
        }

        @Override
        public long length() {
            return delta;
        }
    }

    /** A Ping frame (stream 0): SYN asks, ACK answers with the same {@code opaque}. */
    record Ping(int flags, long opaque) implements YamuxFrame {
        public Ping {
            checkFlags(flags);
            checkU32(opaque, "opaque");
        }

        @Override
        public FrameType type() {
            return FrameType.PING;
        }

        @Override
        public int streamId() {
            return SESSION_ID;
        }

        @Override
        public long length() {
            return opaque;
        }
    }

    /** A GoAway frame (stream 0): the sender accepts no new streams. */
    record GoAway(GoAwayCode code) implements YamuxFrame {
        public GoAway {
            if (code == null) {
                throw new NullPointerException("code");
            }
        }

        @Override
        public FrameType type() {
            return FrameType.GO_AWAY;
        }

        @Override
        public int flags() {
            return 0;
        }

        @Override
        public int streamId() {
            return SESSION_ID;
        }

        @Override
        public long length() {
            return code.code();
        }
    }

    private static void checkFlags(int flags) {
        if ((flags & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("flags do not fit 16 bits: " + flags);
        }
    }

    private static void checkU32(long value, String name) {
        if (value < 0 || value > MAX_LENGTH_FIELD) {
            throw new IllegalArgumentException(name + " does not fit 32 bits: " + value);
        }
    }
}
