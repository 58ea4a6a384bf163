package io.hypha.host;

/** Who opened a connection or stream. */
public enum Direction {
    /** We dialed or opened it. */
    OUTBOUND,
    /** The remote peer did. */
    INBOUND
}
