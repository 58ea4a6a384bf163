package io.hypha.protocol.kad.store;

import java.util.List;
import java.util.Map;

/**
 * Validators by key namespace ({@code /pk/...} is namespace {@code pk}); a key in no known namespace is
 * invalid, as Kubo rejects {@code /example/data}. {@link #defaults()} knows {@code pk} only: the node adds
 * {@code ipns}.
 */
public final class RecordValidators {
    public RecordValidators(Map<String, RecordValidator> byNamespace) {
        throw new UnsupportedOperationException("TODO");
    }

    /** {@code pk} → {@link PublicKeyValidator}. */
    public static RecordValidators defaults() {
        throw new UnsupportedOperationException("TODO");
    }

    /** A copy with {@code validator} serving {@code namespace} too. */
    public RecordValidators with(String namespace, RecordValidator validator) {
        throw new UnsupportedOperationException("TODO");
    }

    public void validate(byte[] key, byte[] value) throws InvalidRecordException {
        throw new UnsupportedOperationException("TODO");
    }

    public int select(byte[] key, List<byte[]> values) {
        throw new UnsupportedOperationException("TODO");
    }
}
