package io.hypha.protocol.kad;

/** {@code Message.ConnectionType}: what the sender knows of its connection to a peer it lists. */
public enum ConnectionType {
    NOT_CONNECTED(0),
    CONNECTED(1),
    CAN_CONNECT(2),
    CANNOT_CONNECT(3);

    private final int code;

    ConnectionType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type of {@code code}; an unknown code reads as {@link #NOT_CONNECTED} (proto3 open enums). */
    public static ConnectionType fromCode(int code) {
        for (ConnectionType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return NOT_CONNECTED;
    }
}
