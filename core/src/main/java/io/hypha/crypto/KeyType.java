package io.hypha.crypto;

/**
 * The libp2p key types, carrying the code of the {@code KeyType} enum in {@code crypto.proto}
 * (libp2p/specs peer-ids/peer-ids.md, "Keys").
 */
public enum KeyType {
    RSA(0),
    ED25519(1),
    SECP256K1(2),
    ECDSA(3);

    private final int code;

    KeyType(int code) {
        this.code = code;
    }

    /** The protobuf enum value of this key type. */
    public int code() {
        return code;
    }

    /**
     * The key type Kubo names {@code name} ({@code ed25519}, {@code secp256k1}, {@code ecdsa}, {@code rsa}; any case).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static KeyType forName(String name) {
        for (KeyType type : values()) {
            if (type.name().equalsIgnoreCase(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown key type '" + name + "': use ed25519, secp256k1, ecdsa or rsa");
    }

    /**
     * The key type with protobuf enum value {@code code}.
     *
     * @throws MalformedKeyException if no key type has that code
     */
    public static KeyType forCode(int code) {
        for (KeyType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new MalformedKeyException("unknown key type code " + code);
    }
}
