package io.hypha.crypto;

import java.io.IOException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;

/** Parsing of the DER key structures inside key protobufs. */
final class Der {
    private Der() {}

    /**
     * Parses exactly one DER object spanning all of {@code der}.
     *
     * @throws MalformedKeyException if {@code der} is empty, malformed or has trailing bytes
     */
    static ASN1Primitive parse(byte[] der, String what) {
        ASN1Primitive object;
        try {
            object = ASN1Primitive.fromByteArray(der);
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedKeyException(what + " is not valid DER: " + e.getMessage(), e);
        }
        if (object == null) {
            throw new MalformedKeyException(what + " is empty");
        }
        return object;
    }

    /**
     * Names untrusted curve parameters in an error message: an OID as itself, anything else by its ASN.1 type only.
     * Printing the object itself is not safe: a UTF8String, for one, decodes its bytes to print them and throws an
     * {@link IllegalArgumentException} on malformed UTF-8.
     */
    static String describeParameters(Object parameters) {
        if (parameters instanceof ASN1ObjectIdentifier oid) {
            return oid.getId();
        }
        return parameters == null ? "none" : "a " + parameters.getClass().getSimpleName() + ", not a named curve";
    }
}
