package io.hypha.protocol.kad;

import java.util.Arrays;
import java.util.Objects;

/**
 * {@code Record}: a value stored under a key with PUT_VALUE and fetched with GET_VALUE. {@code timeReceived}
 * is the RFC 3339 time the receiver stored it ("" when unset); the removed author/signature fields are
 * not read.
 */
public record KadRecord(byte[] key, byte[] value, String timeReceived) {
    public KadRecord {
        key = Objects.requireNonNull(key, "key").clone();
        value = Objects.requireNonNull(value, "value").clone();
        Objects.requireNonNull(timeReceived, "timeReceived");
    }

    public KadRecord(byte[] key, byte[] value) {
        this(key, value, "");
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KadRecord r && Arrays.equals(key, r.key) && Arrays.equals(value, r.value)
                && timeReceived.equals(r.timeReceived);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "KadRecord[key=" + key.length + " bytes, value=" + value.length + " bytes]";
    }
}
