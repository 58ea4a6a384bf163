package io.hypha.protocol.kad;

import java.util.Optional;

/** {@code Message.MessageType} (spec, "RPC messages"); proto3, so an absent type is {@link #PUT_VALUE}. */
public enum MessageType {
    PUT_VALUE(0),
    GET_VALUE(1),
    ADD_PROVIDER(2),
    GET_PROVIDERS(3),
    FIND_NODE(4),
    /** Deprecated: answered (with an empty PING) but never sent. */
    PING(5);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<MessageType> fromCode(int code) {
        for (MessageType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
