package io.hypha.security.noise;

import java.util.Objects;

/**
 * User event fired by {@link NoiseHandshakeHandler} once the handshake succeeded and the transport codec is in
 * place, before any decrypted data; the handlers after it can start speaking (multistream-select, or the
 * negotiated muxer directly when {@link NoiseHandshakeResult#streamMuxer()} is set).
 */
public record NoiseHandshakeCompletionEvent(NoiseHandshakeResult result) {
    public NoiseHandshakeCompletionEvent {
        Objects.requireNonNull(result, "result");
    }
}
