package io.hypha.node.rpc;

/** A command's refusal, answered as Kubo answers it: {@code {"Message","Code","Type":"error"}}. */
final class RpcException extends RuntimeException {
    /** Kubo's error codes (go-ipfs-cmds): a client's mistake is 400, anything else 500. */
    enum Kind {
        NORMAL(0, 500),
        CLIENT(1, 400);

        final int code;
        final int status;

        Kind(int code, int status) {
            this.code = code;
            this.status = status;
        }
    }

    final Kind kind;

    RpcException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }
}
