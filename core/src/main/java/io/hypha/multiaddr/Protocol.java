package io.hypha.multiaddr;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The multiaddr protocol table ({@code multiformats/multiaddr protocols.csv}, codes from the
 * multicodec table): each protocol's code, name, value size and value codec.
 *
 * <p>Sizes are in bits as in the table: a positive size is a fixed-length raw value, {@code 0} means
 * no value, {@link #LENGTH_PREFIXED} a value preceded by its uvarint byte length.
 *
 * <p>Deliberate deviation: {@code memory} is listed as variable-size in {@code protocols.csv} but
 * go-multiaddr and rust-multiaddr both encode it as a fixed 64-bit big-endian number without a
 * length prefix; we follow the implementations, which are what peers send.
 */
public enum Protocol {
    IP4(0x04, "ip4", 32, IpCodec.IP4),
    TCP(0x06, "tcp", 16, NumberCodec.PORT),
    DCCP(0x21, "dccp", 16, NumberCodec.PORT),
    IP6(0x29, "ip6", 128, IpCodec.IP6),
    /** RFC 4007 IPv6 zone, written before the {@code /ip6} it qualifies. */
    IP6ZONE(0x2a, "ip6zone", Protocol.LENGTH_PREFIXED, NameCodec.INSTANCE),
    /** CIDR prefix length for the address before it. */
    IPCIDR(0x2b, "ipcidr", 8, NumberCodec.IPCIDR),
    DNS(0x35, "dns", Protocol.LENGTH_PREFIXED, NameCodec.INSTANCE),
    DNS4(0x36, "dns4", Protocol.LENGTH_PREFIXED, NameCodec.INSTANCE),
    DNS6(0x37, "dns6", Protocol.LENGTH_PREFIXED, NameCodec.INSTANCE),
    /** Resolved through TXT records at {@code _dnsaddr.<name>} (multiaddr {@code protocols/DNSADDR.md}). */
    DNSADDR(0x38, "dnsaddr", Protocol.LENGTH_PREFIXED, NameCodec.INSTANCE),
    SCTP(0x84, "sctp", 16, NumberCodec.PORT),
    UDP(0x0111, "udp", 16, NumberCodec.PORT),
    /** Deprecated: use {@link #WEBRTC} or {@link #WEBRTC_DIRECT}. */
    P2P_WEBRTC_STAR(0x0113, "p2p-webrtc-star", 0, NoValueCodec.INSTANCE),
    /** Deprecated: use {@link #WEBRTC} or {@link #WEBRTC_DIRECT}. */
    P2P_WEBRTC_DIRECT(0x0114, "p2p-webrtc-direct", 0, NoValueCodec.INSTANCE),
    /** Deprecated. */
    P2P_STARDUST(0x0115, "p2p-stardust", 0, NoValueCodec.INSTANCE),
    WEBRTC_DIRECT(0x0118, "webrtc-direct", 0, NoValueCodec.INSTANCE),
    WEBRTC(0x0119, "webrtc", 0, NoValueCodec.INSTANCE),
    P2P_CIRCUIT(0x0122, "p2p-circuit", 0, NoValueCodec.INSTANCE),
    UDT(0x012d, "udt", 0, NoValueCodec.INSTANCE),
    UTP(0x012e, "utp", 0, NoValueCodec.INSTANCE),
    /** A path protocol: in text its value is the rest of the multiaddr. */
    UNIX(0x0190, "unix", Protocol.LENGTH_PREFIXED, UnixPathCodec.INSTANCE, true),
    /** A peer id; {@code ipfs} is its old name, still accepted in text. */
    P2P(0x01a5, "p2p", Protocol.LENGTH_PREFIXED, PeerIdCodec.INSTANCE, false, "ipfs"),
    /** Deprecated alias for {@code /tls/http}. */
    HTTPS(0x01bb, "https", 0, NoValueCodec.INSTANCE),
    /** Tor v2 hidden service {@code host:port} (retired by Tor, still parsed). */
    ONION(0x01bc, "onion", 96, OnionCodec.ONION),
    ONION3(0x01bd, "onion3", 296, OnionCodec.ONION3),
    GARLIC64(0x01be, "garlic64", Protocol.LENGTH_PREFIXED, GarlicCodec.GARLIC64),
    GARLIC32(0x01bf, "garlic32", Protocol.LENGTH_PREFIXED, GarlicCodec.GARLIC32),
    TLS(0x01c0, "tls", 0, NoValueCodec.INSTANCE),
    /** TLS Server Name Indication (RFC 6066 section 3). */
    SNI(0x01c1, "sni", Protocol.LENGTH_PREFIXED, NameCodec.INSTANCE),
    NOISE(0x01c6, "noise", 0, NoValueCodec.INSTANCE),
    /** QUIC draft-29; {@link #QUIC_V1} is RFC 9000. */
    QUIC(0x01cc, "quic", 0, NoValueCodec.INSTANCE),
    QUIC_V1(0x01cd, "quic-v1", 0, NoValueCodec.INSTANCE),
    WEBTRANSPORT(0x01d1, "webtransport", 0, NoValueCodec.INSTANCE),
    /** A multihash of a certificate the peer will present (WebTransport, WebRTC). */
    CERTHASH(0x01d2, "certhash", Protocol.LENGTH_PREFIXED, CertHashCodec.INSTANCE),
    WS(0x01dd, "ws", 0, NoValueCodec.INSTANCE),
    /** Deprecated alias for {@code /tls/ws}. */
    WSS(0x01de, "wss", 0, NoValueCodec.INSTANCE),
    /** Deprecated. */
    P2P_WEBSOCKET_STAR(0x01df, "p2p-websocket-star", 0, NoValueCodec.INSTANCE),
    HTTP(0x01e0, "http", 0, NoValueCodec.INSTANCE),
    /** Percent-encoded path to an HTTP resource (multiaddr {@code protocols/http-path.md}). */
    HTTP_PATH(0x01e1, "http-path", Protocol.LENGTH_PREFIXED, HttpPathCodec.INSTANCE),
    /** In-memory transport for tests: a 64-bit number (see the class comment on its size). */
    MEMORY(0x0309, "memory", 64, NumberCodec.MEMORY),
    /** go-libp2p's insecure plaintext transport, version 2. */
    PLAINTEXTV2(0x706c61, "plaintextv2", 0, NoValueCodec.INSTANCE);

    /** {@link #sizeBits()} of a protocol whose value is preceded by a uvarint byte length. */
    public static final int LENGTH_PREFIXED = -1;
    // enum constant arguments may only name a later constant by its qualified name

    private static final Map<Integer, Protocol> BY_CODE = new HashMap<>();
    private static final Map<String, Protocol> BY_NAME = new HashMap<>();

    static {
        for (Protocol p : values()) {
            if (BY_CODE.put(p.code, p) != null) {
                throw new ExceptionInInitializerError("duplicate multiaddr code " + p.code);
            }
            BY_NAME.put(p.name, p);
            for (String alias : p.aliases()) {
                BY_NAME.put(alias, p);
            }
        }
    }

    private final int code;
    private final String name;
    private final int sizeBits;
    private final ValueCodec codec;
    private final boolean path;
    private final List<String> aliases;

    Protocol(int code, String name, int sizeBits, ValueCodec codec) {
        this(code, name, sizeBits, codec, false);
    }

    Protocol(int code, String name, int sizeBits, ValueCodec codec, boolean path, String... aliases) {
        this.code = code;
        this.name = name;
        this.sizeBits = sizeBits;
        this.codec = codec;
        this.path = path;
        this.aliases = List.of(aliases);
    }

    /** The multicodec code. */
    public int code() {
        return code;
    }

    /** The canonical name, as printed in multiaddr text ({@code p2p}, never {@code ipfs}). */
    public String protocolName() {
        return name;
    }

    /** Other names accepted when parsing text: {@code ipfs} for {@link #P2P}. */
    public List<String> aliases() {
        return aliases;
    }

    /** Value size in bits: positive for fixed, {@code 0} for none, {@link #LENGTH_PREFIXED} for variable. */
    public int sizeBits() {
        return sizeBits;
    }

    /** Whether the protocol carries a value at all. */
    public boolean hasValue() {
        return sizeBits != 0;
    }

    /** Whether the value is preceded by a uvarint length in binary. */
    public boolean isLengthPrefixed() {
        return sizeBits == LENGTH_PREFIXED;
    }

    /** Whether the value is a path that takes the rest of the text form ({@code /unix}). */
    public boolean isPath() {
        return path;
    }

    /** The protocol with this code, if we know it. */
    public static Optional<Protocol> byCode(long code) {
        if (code < 0 || code > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_CODE.get((int) code));
    }

    /** The protocol with this name or alias (case-sensitive, as in every other implementation). */
    public static Optional<Protocol> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    ValueCodec codec() {
        return codec;
    }

    @Override
    public String toString() {
        return name;
    }
}
