package io.hypha.security.noise;

import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Known values of SPEC-NOTES 2.2 and 2.3 (libp2p Noise payloads and transcript, computed and cross-checked). */
final class LibP2pNoiseVectors {
    private static final HexFormat HEX = HexFormat.of();

    /** The libp2p peer-ids spec Ed25519 key: seed, public key protobuf, and its peer id. */
    static final String ED25519_SEED = "7e0830617c4a7de83925dfb2694556b12936c477a0e1feb2e148ec9da60fee7d";
    static final String ED25519_PUBLIC_KEY_PROTOBUF =
            "080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c3cacf6010f0e42d474fce27e";
    static final String ED25519_PEER_ID = "12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";

    /** Signature by that key over the prefix and the X25519 public key of cacophony's initiator static key. */
    static final String INIT_STATIC_PUBLIC = "6bc3822a2aa7f4e6981d6538692b3cdf3e6df9eea6ed269eb41d93c22757b75a";
    static final String INIT_STATIC_SIGNATURE = "e292a4b36dcd264cb7933551567462bf4b6bdc79bcc37af23ea723110cf8cfde"
            + "08000f9e95441ba4fd4b82844305554004fc4be681ce33c277510b6332588c09";
    static final String PAYLOAD = "0a24" + ED25519_PUBLIC_KEY_PROTOBUF + "1240" + INIT_STATIC_SIGNATURE;
    static final String YAMUX_EXTENSIONS = "220e120c2f79616d75782f312e302e30";

    /** The libp2p XX transcript: empty prologue, cacophony keys, both payloads signed by the spec key; lengths exclude the 2-byte prefix. */
    static final String FRAMED_MSG1 = "0020ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c7944";
    static final String FRAMED_MSG2_PREFIX = "00c895ebc60d2b1fa672";
    static final String FRAMED_MSG3_PREFIX = "00a8c7195ffacac1307f";
    static final int MSG2_LENGTH = 200;
    static final int MSG3_LENGTH = 168;
    static final String HANDSHAKE_HASH = "156981d3c59b7a8fd037da1a1203be370d6aa74a12a60f87f78bbfd349e49d3d";

    /** Signs {@code data} with the spec key using BouncyCastle directly (independent of io.hypha.crypto). */
    static byte[] signWithSpecKey(byte[] data) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(HEX.parseHex(ED25519_SEED), 0));
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    private LibP2pNoiseVectors() {}
}
