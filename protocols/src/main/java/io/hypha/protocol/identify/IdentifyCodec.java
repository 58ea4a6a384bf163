package io.hypha.protocol.identify;

import static io.hypha.protocol.identify.IdentifyProtocol.FIELD_AGENT_VERSION;
import static io.hypha.protocol.identify.IdentifyProtocol.FIELD_LISTEN_ADDRS;
import static io.hypha.protocol.identify.IdentifyProtocol.FIELD_OBSERVED_ADDR;
import static io.hypha.protocol.identify.IdentifyProtocol.FIELD_PROTOCOLS;
import static io.hypha.protocol.identify.IdentifyProtocol.FIELD_PROTOCOL_VERSION;
import static io.hypha.protocol.identify.IdentifyProtocol.FIELD_PUBLIC_KEY;
import static io.hypha.protocol.identify.IdentifyProtocol.FIELD_SIGNED_PEER_RECORD;
import static io.hypha.protocol.identify.IdentifyProtocol.MAX_MESSAGE_SIZE;

import io.hypha.crypto.MalformedKeyException;
import io.hypha.crypto.PublicKey;
import io.hypha.internal.proto.ProtoException;
import io.hypha.internal.proto.ProtoReader;
import io.hypha.internal.proto.ProtoWriter;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.MultiformatException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Identify protobuf (proto2) to and from bytes, with the shared hand-written protobuf codec. Fields are
 * written in the order 5, 6, 1, 2, 4, 3, 8 (SPEC-NOTES 2.6). Malformed addresses are skipped on decode, as
 * go-libp2p does; a malformed public key or protobuf fails the whole message.
 */
public final class IdentifyCodec {
    private static final System.Logger LOG = System.getLogger(IdentifyCodec.class.getName());

    private IdentifyCodec() {}

    /** The message body (no length prefix). */
    public static byte[] encode(IdentifyMessage m) {
        return writer(m).toByteArray();
    }

    /** The message prefixed by its uvarint length, as it goes on the stream. */
    public static byte[] encodeDelimited(IdentifyMessage m) {
        return writer(m).toDelimitedByteArray();
    }

    private static ProtoWriter writer(IdentifyMessage m) {
        ProtoWriter w = new ProtoWriter(512);
        if (m.protocolVersion() != null) {
            w.string(FIELD_PROTOCOL_VERSION, m.protocolVersion());
        }
        if (m.agentVersion() != null) {
            w.string(FIELD_AGENT_VERSION, m.agentVersion());
        }
        if (m.publicKey() != null) {
            w.bytes(FIELD_PUBLIC_KEY, m.publicKey().encode());
        }
        for (Multiaddr a : m.listenAddresses()) {
            w.bytes(FIELD_LISTEN_ADDRS, a.bytes());
        }
        if (m.observedAddress() != null) {
            w.bytes(FIELD_OBSERVED_ADDR, m.observedAddress().bytes());
        }
        for (String p : m.protocols()) {
            w.string(FIELD_PROTOCOLS, p);
        }
        byte[] record = m.signedPeerRecord();
        if (record != null) {
            w.bytes(FIELD_SIGNED_PEER_RECORD, record);
        }
        return w;
    }

    /**
     * Decodes one message body.
     *
     * @throws ProtoException when the protobuf or the public key is malformed, or a field exceeds
     *     {@link IdentifyProtocol#MAX_MESSAGE_SIZE}
     */
    public static IdentifyMessage decode(byte[] body) {
        if (body.length > MAX_MESSAGE_SIZE) {
            throw new ProtoException("identify message of " + body.length + " bytes exceeds " + MAX_MESSAGE_SIZE);
        }
        ProtoReader r = new ProtoReader(body, "identify");
        String protocolVersion = null;
        String agentVersion = null;
        PublicKey key = null;
        List<Multiaddr> listen = new ArrayList<>();
        Multiaddr observed = null;
        List<String> protocols = new ArrayList<>();
        byte[] record = null;
        while (r.next()) {
            switch (r.field()) {
                case FIELD_PROTOCOL_VERSION -> protocolVersion = r.string(MAX_MESSAGE_SIZE);
                case FIELD_AGENT_VERSION -> agentVersion = r.string(MAX_MESSAGE_SIZE);
                case FIELD_PUBLIC_KEY -> key = publicKey(r.bytes(MAX_MESSAGE_SIZE));
                case FIELD_LISTEN_ADDRS -> {
                    Multiaddr a = address(r.bytes(MAX_MESSAGE_SIZE));
                    if (a != null) {
                        listen.add(a);
                    }
                }
                case FIELD_OBSERVED_ADDR -> observed = address(r.bytes(MAX_MESSAGE_SIZE));
                case FIELD_PROTOCOLS -> protocols.add(r.string(MAX_MESSAGE_SIZE));
                case FIELD_SIGNED_PEER_RECORD -> record = r.bytes(MAX_MESSAGE_SIZE);
                default -> r.skip();
            }
        }
        return new IdentifyMessage(protocolVersion, agentVersion, key, listen, observed, protocols, record);
    }

    private static PublicKey publicKey(byte[] bytes) {
        try {
            return PublicKey.decode(bytes);
        } catch (MalformedKeyException e) {
            throw new ProtoException("identify: malformed public key: " + e.getMessage());
        }
    }

    private static Multiaddr address(byte[] bytes) {
        try {
            return Multiaddr.decode(bytes);
        } catch (MultiformatException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "identify: skipping a malformed address: " + e.getMessage());
            return null;
        }
    }
}
