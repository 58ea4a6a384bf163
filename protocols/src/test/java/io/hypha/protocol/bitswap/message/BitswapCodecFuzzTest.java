package io.hypha.protocol.bitswap.message;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of {@link BitswapCodec#decode} (Jazzer; corpus in
 * {@code src/test/resources/io/hypha/protocol/bitswap/message/BitswapCodecFuzzTestInputs/decode}: the SPEC-NOTES
 * frames, each version's encoding of a message with every field, identity and unsupported-hash blocks). Only
 * {@link MalformedMessageException} may escape; a decoded message must encode to a frame that decodes to an equal
 * message and encodes to itself again ({@link BitswapCodecMutationTest#check}).
 */
class BitswapCodecFuzzTest {
    @FuzzTest
    void decode(byte[] input) {
        BitswapCodecMutationTest.check(input);
    }
}
