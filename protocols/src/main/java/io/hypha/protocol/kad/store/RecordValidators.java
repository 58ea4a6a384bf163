package io.hypha.protocol.kad.store;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Validators by key namespace ({@code /pk/...} is namespace {@code pk}); a key in no known namespace is
 * invalid, as Kubo rejects {@code /example/data}. {@link #defaults()} knows {@code pk} only: the node adds
 * {@code ipns}.
 *
 * <p>A key's namespace is what lies between its leading {@code /} and the next one (go-libp2p-record
 * {@code SplitKey}); a key without both slashes has none and is invalid.
 */
public final class RecordValidators {
    private final Map<String, RecordValidator> byNamespace;

    public RecordValidators(Map<String, RecordValidator> byNamespace) {
        this.byNamespace = Map.copyOf(byNamespace);
    }

    /** {@code pk} → {@link PublicKeyValidator}. */
    public static RecordValidators defaults() {
        return new RecordValidators(Map.of(PublicKeyValidator.NAMESPACE, new PublicKeyValidator()));
    }

    /** A copy with {@code validator} serving {@code namespace} too. */
    public RecordValidators with(String namespace, RecordValidator validator) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(validator, "validator");
        Map<String, RecordValidator> more = new HashMap<>(byNamespace);
        more.put(namespace, validator);
        return new RecordValidators(more);
    }

    public void validate(byte[] key, byte[] value) throws InvalidRecordException {
        String ns = namespace(key).orElseThrow(() -> new InvalidRecordException("record key has no namespace"));
        RecordValidator v = byNamespace.get(ns);
        if (v == null) {
            throw new InvalidRecordException("no validator for record namespace '" + ns + "'");
        }
        v.validate(key, value);
    }

    /**
     * The index of the best of {@code values}, all valid for {@code key}.
     *
     * @throws IllegalArgumentException when {@code key}'s namespace has no validator (its values cannot be valid)
     */
    public int select(byte[] key, List<byte[]> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("nothing to select from");
        }
        RecordValidator v = namespace(key).map(byNamespace::get)
                .orElseThrow(() -> new IllegalArgumentException("no validator for the namespace of this key"));
        return v.select(key, values);
    }

    /** The namespace of {@code key}: the bytes between the leading {@code /} and the next. */
    static Optional<String> namespace(byte[] key) {
        if (key.length < 2 || key[0] != '/') {
            return Optional.empty();
        }
        for (int i = 1; i < key.length; i++) {
            if (key[i] == '/') {
                return i == 1 ? Optional.empty()
                        : Optional.of(new String(key, 1, i - 1, StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
