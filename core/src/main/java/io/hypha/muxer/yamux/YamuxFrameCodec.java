package io.hypha.muxer.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Netty codec between bytes and {@link YamuxFrame}s: 12-byte big-endian headers (yamux spec, "Framing")
 * followed, for Data frames, by the payload. The static {@link #decode(ByteBuf)} and
 * {@link #encodeHeader(YamuxFrame, ByteBuf)} are the sans-IO core; the nested handlers only adapt them.
 *
 * <p>A bad version, an unknown type or GoAway code, or a Data length above {@link #MAX_DATA_LENGTH}
 * is a connection error: decoding throws (wrapped in a {@code DecoderException} by Netty) a
 * {@link YamuxConnectionException} with {@code PROTOCOL_ERROR}, and every later byte is discarded.
 */
public final class YamuxFrameCodec extends CombinedChannelDuplexHandler<YamuxFrameCodec.Decoder, YamuxFrameCodec.Encoder> {
    /**
     * The largest Data payload accepted: no Data frame may exceed the receiver's window (yamux spec,
     * "Flow Control"), and no window of ours ever exceeds {@link YamuxConfig#MAX_STREAM_WINDOW_LIMIT}.
     * Bounding here keeps a garbage length from making the decoder buffer gigabytes.
     */
    public static final int MAX_DATA_LENGTH = YamuxConfig.MAX_STREAM_WINDOW_LIMIT;

    public YamuxFrameCodec() {
        super(new Decoder(), new Encoder());
    }

    /** A codec whose decoder asks {@code admission} about every Data frame before buffering its payload. */
    public YamuxFrameCodec(Admission admission) {
        super(new Decoder(admission), new Encoder());
    }

    /**
     * Decodes one frame from {@code in}, or returns {@code null} (reading nothing) when the frame is not
     * complete yet. A returned Data frame owns a retained slice of {@code in}.
     *
     * @throws YamuxConnectionException on a bad version, type, GoAway code or length (PROTOCOL_ERROR)
     */
    public static YamuxFrame decode(ByteBuf in) throws YamuxConnectionException {
        if (in.readableBytes() < YamuxFrame.HEADER_SIZE) {
            return null;
        }
        int at = in.readerIndex();
        int version = in.getUnsignedByte(at);
        if (version != YamuxFrame.VERSION) {
            throw protocolError("unsupported yamux version " + version);
        }
        int typeCode = in.getUnsignedByte(at + 1);
        if (typeCode > FrameType.GO_AWAY.code()) {
            throw protocolError("unknown yamux frame type " + typeCode);
        }
        FrameType type = FrameType.fromCode(typeCode);
        int flags = in.getUnsignedShort(at + 2);
        int streamId = in.getInt(at + 4);
        long length = in.getUnsignedInt(at + 8);
        switch (type) {
            case DATA -> {
                if (length > MAX_DATA_LENGTH) {
                    throw protocolError("data frame of " + length + " bytes exceeds " + MAX_DATA_LENGTH);
                }
                if (in.readableBytes() < YamuxFrame.HEADER_SIZE + length) {
                    return null;
                }
                in.skipBytes(YamuxFrame.HEADER_SIZE);
                return new YamuxFrame.Data(streamId, flags, in.readRetainedSlice((int) length));
            }
            case WINDOW_UPDATE -> {
                in.skipBytes(YamuxFrame.HEADER_SIZE);
                return new YamuxFrame.WindowUpdate(streamId, flags, length);
            }
            case PING -> {
                in.skipBytes(YamuxFrame.HEADER_SIZE);
                return new YamuxFrame.Ping(flags, length);
            }
            case GO_AWAY -> {
                if (length > GoAwayCode.INTERNAL_ERROR.code()) {
                    throw protocolError("unknown GoAway code " + length);
                }
                in.skipBytes(YamuxFrame.HEADER_SIZE);
                return new YamuxFrame.GoAway(GoAwayCode.fromCode(length));
            }
            default -> throw new AssertionError(type);
        }
    }

    /** Writes the 12-byte header of {@code frame} to {@code out}; the payload is not written. */
    public static void encodeHeader(YamuxFrame frame, ByteBuf out) {
        out.writeByte(YamuxFrame.VERSION);
        out.writeByte(frame.type().code());
        out.writeShort(frame.flags());
        out.writeInt(frame.streamId());
        out.writeInt((int) frame.length());
    }

    private static YamuxConnectionException protocolError(String message) {
        return new YamuxConnectionException(GoAwayCode.PROTOCOL_ERROR, message);
    }

    /**
     * Judges a Data frame from its header, before its payload is buffered ({@link YamuxSession#admitData}).
     * Pure: may be asked more than once for the same frame while its payload arrives.
     */
    @FunctionalInterface
    public interface Admission {
        YamuxSession.DataAdmission admit(int streamId, int flags, long length) throws YamuxConnectionException;
    }

    /**
     * Bytes to frames; after the first error every further byte is dropped (the session is closing).
     *
     * <p>Input buffers are linked, not merged ({@code COMPOSITE_CUMULATOR}): a frame that spans reads is not
     * copied here (the stream copies its payload once, into its receive queue). With an {@link Admission},
     * a Data frame's header is judged as soon as it is complete: a payload larger than the stream's window is a
     * protocol error before a byte of it is buffered, and the payload of a frame for an unknown stream is
     * skipped as it arrives instead of being collected.
     */
    public static final class Decoder extends ByteToMessageDecoder {
        private final Admission admission;
        private boolean failed;
        /** Payload bytes of a discarded Data frame still to skip. */
        private long discarding;

        public Decoder() {
            this(null);
        }

        public Decoder(Admission admission) {
            this.admission = admission;
            setCumulator(COMPOSITE_CUMULATOR);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            if (failed) {
                in.skipBytes(in.readableBytes());
                return;
            }
            if (discarding > 0) {
                int n = (int) Math.min(discarding, in.readableBytes());
                in.skipBytes(n);
                discarding -= n;
                if (discarding > 0) {
                    return;
                }
            }
            try {
                if (admission != null && discardsDataFrame(in)) {
                    return;
                }
                YamuxFrame frame = YamuxFrameCodec.decode(in);
                if (frame != null) {
                    out.add(frame);
                }
            } catch (YamuxConnectionException e) {
                failed = true;
                in.skipBytes(in.readableBytes());
                throw e;
            }
        }

        /** Asks the admission about a complete, well-formed Data header; skips the frame if told to. */
        private boolean discardsDataFrame(ByteBuf in) throws YamuxConnectionException {
            int at = in.readerIndex();
            if (in.readableBytes() < YamuxFrame.HEADER_SIZE || in.getUnsignedByte(at) != YamuxFrame.VERSION
                    || in.getUnsignedByte(at + 1) != FrameType.DATA.code()) {
                return false;
            }
            long length = in.getUnsignedInt(at + 8);
            if (length > MAX_DATA_LENGTH
                    || admission.admit(in.getInt(at + 4), in.getUnsignedShort(at + 2), length) == YamuxSession.DataAdmission.DELIVER) {
                return false;
            }
            in.skipBytes(YamuxFrame.HEADER_SIZE);
            int n = (int) Math.min(length, in.readableBytes());
            in.skipBytes(n);
            discarding = length - n;
            return true;
        }
    }

    /**
     * Frames to bytes: a header buffer, then the Data payload as its own buffer (no copy). The
     * payload's ownership moves to the channel with the write.
     */
    public static final class Encoder extends MessageToMessageEncoder<YamuxFrame> {
        public Encoder() {
            super(YamuxFrame.class);
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, YamuxFrame frame, List<Object> out) {
            ByteBuf header = ctx.alloc().buffer(YamuxFrame.HEADER_SIZE);
            encodeHeader(frame, header);
            out.add(header);
            if (frame instanceof YamuxFrame.Data data && data.payload().isReadable()) {
                // MessageToMessageEncoder releases the frame after encode: keep the payload alive for the write.
                out.add(data.payload().retain());
            }
        }
    }
}
