package io.hypha.multiaddr;

import io.hypha.multiformats.Multibase;
import io.hypha.multiformats.MultiformatException;
import io.hypha.multiformats.Multihash;

/**
 * {@code /certhash} (WebTransport and WebRTC certificate fingerprints, libp2p specs
 * {@code webtransport/README.md}): binary is a multihash; text is that multihash in any multibase,
 * printed as base64url ({@code u...}) as go-multiaddr prints it.
 */
enum CertHashCodec implements ValueCodec {
    INSTANCE;

    /** Longest text worth decoding: base2, the most verbose base, of the longest multihash, plus its prefix. */
    private static final int MAX_TEXT_LENGTH = 8 * Multihash.MAX_ENCODED_LENGTH + 1;

    @Override
    public byte[] parse(String text) {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new MultiaddrException("certificate hash text longer than " + MAX_TEXT_LENGTH + " chars");
        }
        byte[] value;
        try {
            value = Multibase.decode(text);
        } catch (MultiformatException e) {
            throw new MultiaddrException("not multibase text: " + e.getMessage(), e);
        }
        validate(value);
        return value;
    }

    @Override
    public String format(byte[] value) {
        return Multibase.BASE64_URL.encode(value);
    }

    @Override
    public void validate(byte[] value) {
        try {
            Multihash.decode(value);
        } catch (MultiformatException e) {
            throw new MultiaddrException("not a multihash: " + e.getMessage(), e);
        }
    }
}
