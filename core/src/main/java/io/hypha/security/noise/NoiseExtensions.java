package io.hypha.security.noise;

import java.util.Arrays;
import java.util.List;

/**
 * {@code NoiseExtensions} of the libp2p handshake payload (libp2p noise/README.md, "Noise Extensions"):
 * WebTransport certificate hashes and the stream muxers offered for inlined muxer negotiation
 * ({@code connections/inlined-muxer-negotiation.md}). Lists are copied and unmodifiable; certificate hashes are
 * copied in and out.
 */
public record NoiseExtensions(List<byte[]> webtransportCerthashes, List<String> streamMuxers) {
    /** No extensions. */
    public static final NoiseExtensions EMPTY = new NoiseExtensions(List.of(), List.of());

    public NoiseExtensions {
        webtransportCerthashes = webtransportCerthashes.stream().map(byte[]::clone).toList();
        streamMuxers = List.copyOf(streamMuxers);
    }

    /** Extensions carrying only a stream muxer list. */
    public static NoiseExtensions ofStreamMuxers(List<String> streamMuxers) {
        return new NoiseExtensions(List.of(), streamMuxers);
    }

    @Override
    public List<byte[]> webtransportCerthashes() {
        return webtransportCerthashes.stream().map(byte[]::clone).toList();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NoiseExtensions other) || other.webtransportCerthashes.size() != webtransportCerthashes.size()) {
            return false;
        }
        for (int i = 0; i < webtransportCerthashes.size(); i++) {
            if (!Arrays.equals(webtransportCerthashes.get(i), other.webtransportCerthashes.get(i))) {
                return false;
            }
        }
        return streamMuxers.equals(other.streamMuxers);
    }

    @Override
    public int hashCode() {
        int hash = streamMuxers.hashCode();
        for (byte[] h : webtransportCerthashes) {
            hash = 31 * hash + Arrays.hashCode(h);
        }
        return hash;
    }

    @Override
    public String toString() {
        return "NoiseExtensions[webtransportCerthashes=" + webtransportCerthashes.size() + ", streamMuxers="
                + streamMuxers + "]";
    }
}
