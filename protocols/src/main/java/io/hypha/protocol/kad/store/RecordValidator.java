package io.hypha.protocol.kad.store;

import java.util.List;

/**
 * Checks and orders the values of one key namespace (go-libp2p-record {@code Validator}): {@code /pk/} public
 * keys, {@code /ipns/} name records. Nothing that fails {@link #validate} is stored, returned or sent on.
 */
public interface RecordValidator {
    /** Throws when {@code value} is not a valid record for {@code key} (full key, namespace included). */
    void validate(byte[] key, byte[] value) throws InvalidRecordException;

    /**
     * The index of the best of {@code values} (each already valid for {@code key}); {@code values} is not
     * empty. Ties go to the earliest.
     */
    int select(byte[] key, List<byte[]> values);
}
