package io.hypha.muxer.yamux;

import io.netty.buffer.ByteBuf;

/** What a {@link YamuxSession} tells its application side; variants are handled with a pattern-matching switch. */
public sealed interface YamuxEvent {
    /** The peer opened stream {@code streamId} (SYN); it is unacknowledged until we send on it. */
    record StreamOpened(int streamId) implements YamuxEvent {}

    /** The peer acknowledged our stream {@code streamId} (ACK). */
    record StreamAcknowledged(int streamId) implements YamuxEvent {}

    /**
     * Payload arrived on {@code streamId}. Ownership of {@code data} moves to the receiver of the event,
     * which must release it and report it with {@link YamuxSession#consume(int, int)} once the application
     * consumed it.
     */
    record DataReceived(int streamId, ByteBuf data) implements YamuxEvent {}

    /** The peer granted more window: we may now send {@code sendWindow} bytes on {@code streamId}. */
    record WindowUpdated(int streamId, long sendWindow) implements YamuxEvent {}

    /** The peer half-closed {@code streamId} (FIN): no more data will arrive on it. */
    record RemoteClosed(int streamId) implements YamuxEvent {}

    /**
     * {@code streamId} is gone: the peer sent RST ({@code byPeer}), or the session reset it because the peer
     * broke a stream-level rule (data after its FIN). Any payload not yet consumed is void.
     */
    record StreamReset(int streamId, boolean byPeer) implements YamuxEvent {}

    /** The peer sent GoAway(NORMAL): no new streams either way; existing ones go on. */
    record GoAwayReceived(GoAwayCode code) implements YamuxEvent {}

    /** The session is over; every stream is gone. Emitted once. */
    record SessionClosed(YamuxConnectionException cause) implements YamuxEvent {}
}
