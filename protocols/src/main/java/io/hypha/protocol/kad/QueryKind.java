package io.hypha.protocol.kad;

/** What a lookup was for, as metrics and {@code dht query} name it. */
public enum QueryKind {
    CLOSEST_PEERS(MessageType.FIND_NODE),
    FIND_PEER(MessageType.FIND_NODE),
    FIND_PROVIDERS(MessageType.GET_PROVIDERS),
    PROVIDE(MessageType.FIND_NODE),
    GET_VALUE(MessageType.GET_VALUE),
    PUT_VALUE(MessageType.FIND_NODE),
    REFRESH(MessageType.FIND_NODE);

    private final MessageType request;

    QueryKind(MessageType request) {
        this.request = request;
    }

    /** The request every step of the lookup sends. */
    public MessageType request() {
        return request;
    }
}
