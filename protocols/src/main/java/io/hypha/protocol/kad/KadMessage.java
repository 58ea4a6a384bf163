package io.hypha.protocol.kad;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One DHT RPC message, request or response (spec, "RPC messages"). Fields a type does not use are empty:
 * {@code key} is empty for none, {@code record} null for none.
 */
public record KadMessage(MessageType type, byte[] key, KadRecord record, List<KadPeer> closerPeers,
        List<KadPeer> providerPeers) {
    private static final byte[] NO_KEY = new byte[0];

    public KadMessage {
        Objects.requireNonNull(type, "type");
        key = key == null ? NO_KEY : key.clone();
        closerPeers = List.copyOf(closerPeers);
        providerPeers = List.copyOf(providerPeers);
    }

    /** A request of {@code type} for {@code key}. */
    public static KadMessage request(MessageType type, byte[] key) {
        return new KadMessage(type, key, null, List.of(), List.of());
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KadMessage m && type == m.type && Arrays.equals(key, m.key)
                && Objects.equals(record, m.record) && closerPeers.equals(m.closerPeers)
                && providerPeers.equals(m.providerPeers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(key), record, closerPeers, providerPeers);
    }

    @Override
    public String toString() {
        return "KadMessage[" + type + ", key=" + key.length + " bytes, record=" + record + ", closer="
                + closerPeers.size() + ", providers=" + providerPeers.size() + "]";
    }
}
