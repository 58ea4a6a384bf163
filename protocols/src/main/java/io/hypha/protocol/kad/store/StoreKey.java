package io.hypha.protocol.kad.store;

import java.util.Arrays;

/** A byte-array key with content equality, for the memory stores' maps. */
record StoreKey(byte[] bytes) {
    StoreKey {
        bytes = bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
