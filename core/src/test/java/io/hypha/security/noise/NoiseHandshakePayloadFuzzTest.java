package io.hypha.security.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the libp2p Noise handshake payload protobuf (Jazzer; corpus in
 * {@code src/test/resources/io/hypha/security/noise/NoiseHandshakePayloadFuzzTestInputs/decode}). Only
 * {@link NoiseException} may escape {@link NoiseHandshakePayloadCodec#decode}. A decoded payload must respect the
 * codec's bounds, and its canonical encoding must decode to an equal payload and re-encode to the same bytes.
 */
class NoiseHandshakePayloadFuzzTest {
    /** Within one Noise message, where the payload lives; over the codec's limit so that check stays reachable. */
    private static final int MAX_INPUT = NoiseHandshakePayloadCodec.MAX_PAYLOAD_LENGTH + 16;

    @FuzzTest
    void decode(byte[] input) throws NoiseException {
        if (input.length > MAX_INPUT) {
            return;
        }
        NoiseHandshakePayload payload;
        try {
            payload = NoiseHandshakePayloadCodec.decode(input);
        } catch (NoiseException rejected) {
            return;
        }
        if (payload.extensions() != null) {
            assertTrue(payload.extensions().streamMuxers().size() <= NoiseHandshakePayloadCodec.MAX_STREAM_MUXERS);
            assertTrue(payload.extensions().webtransportCerthashes().size() <= NoiseHandshakePayloadCodec.MAX_CERTHASHES);
        }
        byte[] canonical = NoiseHandshakePayloadCodec.encode(payload);
        NoiseHandshakePayload again = NoiseHandshakePayloadCodec.decode(canonical);
        assertEquals(payload, again);
        assertEquals(payload.hashCode(), again.hashCode());
        assertArrayEquals(canonical, NoiseHandshakePayloadCodec.encode(again));
    }
}
