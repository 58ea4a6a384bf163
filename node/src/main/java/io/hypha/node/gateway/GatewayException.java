package io.hypha.node.gateway;

/** A request the gateway answers with an HTTP error status and a one-line reason (never a stack trace). */
final class GatewayException extends RuntimeException {
    final int status;

    GatewayException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static GatewayException badRequest(String message) {
        return new GatewayException(400, message);
    }

    static GatewayException notFound(String message) {
        return new GatewayException(404, message);
    }
}
