package io.hypha.protocol.identify;

import static io.hypha.protocol.identify.IdentifyProtocol.MAX_MESSAGE_SIZE;

import com.google.protobuf.ByteString;
import io.hypha.crypto.MalformedKeyException;
import io.hypha.crypto.PublicKey;
import io.hypha.internal.proto.ProtoException;
import io.hypha.internal.proto.ProtoMessages;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.MultiformatException;
import io.hypha.multiformats.Varint;
import io.hypha.protocol.identify.internal.IdentifyProto;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The Identify protobuf (proto2) to and from bytes, through the class generated from {@code libp2p/identify.proto}.
 * Fields are written in field-number order, as go-libp2p's (google.golang.org/protobuf) and protobuf-java's
 * serializers do; readers accept any order. Malformed addresses are skipped on decode, as go-libp2p does; a malformed
 * public key or protobuf fails the whole message.
 */
public final class IdentifyCodec {
    private static final System.Logger LOG = System.getLogger(IdentifyCodec.class.getName());

    private IdentifyCodec() {}

    /** The message body (no length prefix). */
    public static byte[] encode(IdentifyMessage m) {
        return toProto(m).toByteArray();
    }

    /** The message prefixed by its uvarint length, as it goes on the stream. */
    public static byte[] encodeDelimited(IdentifyMessage m) {
        byte[] body = encode(m);
        ByteBuffer out = ByteBuffer.allocate(Varint.size(body.length) + body.length);
        Varint.write(body.length, out);
        return out.put(body).array();
    }

    private static IdentifyProto.Identify toProto(IdentifyMessage m) {
        IdentifyProto.Identify.Builder b = IdentifyProto.Identify.newBuilder();
        if (m.protocolVersion() != null) {
            b.setProtocolVersion(m.protocolVersion());
        }
        if (m.agentVersion() != null) {
            b.setAgentVersion(m.agentVersion());
        }
        if (m.publicKey() != null) {
            b.setPublicKey(ByteString.copyFrom(m.publicKey().encode()));
        }
        for (Multiaddr a : m.listenAddresses()) {
            b.addListenAddrs(ByteString.copyFrom(a.bytes()));
        }
        if (m.observedAddress() != null) {
            b.setObservedAddr(ByteString.copyFrom(m.observedAddress().bytes()));
        }
        b.addAllProtocols(m.protocols());
        byte[] record = m.signedPeerRecord();
        if (record != null) {
            b.setSignedPeerRecord(ByteString.copyFrom(record));
        }
        return b.build();
    }

    /**
     * Decodes one message body. Unknown fields are ignored; a field given twice keeps its last value.
     *
     * @throws ProtoException when the protobuf or the public key is malformed, or the message exceeds
     *     {@link IdentifyProtocol#MAX_MESSAGE_SIZE}
     */
    public static IdentifyMessage decode(byte[] body) {
        if (body.length > MAX_MESSAGE_SIZE) {
            throw new ProtoException("identify message of " + body.length + " bytes exceeds " + MAX_MESSAGE_SIZE);
        }
        IdentifyProto.Identify m = ProtoMessages.parse(IdentifyProto.Identify.parser(), body, "identify");
        List<Multiaddr> listen = new ArrayList<>(m.getListenAddrsCount());
        for (ByteString bytes : m.getListenAddrsList()) {
            Multiaddr a = address(bytes);
            if (a != null) {
                listen.add(a);
            }
        }
        return new IdentifyMessage(
                m.hasProtocolVersion() ? m.getProtocolVersion() : null,
                m.hasAgentVersion() ? m.getAgentVersion() : null,
                m.hasPublicKey() ? publicKey(m.getPublicKey()) : null,
                listen,
                m.hasObservedAddr() ? address(m.getObservedAddr()) : null,
                m.getProtocolsList(),
                m.hasSignedPeerRecord() ? m.getSignedPeerRecord().toByteArray() : null);
    }

    private static PublicKey publicKey(ByteString bytes) {
        try {
            return PublicKey.decode(bytes.toByteArray());
        } catch (MalformedKeyException e) {
            throw new ProtoException("identify: malformed public key: " + e.getMessage(), e);
        }
    }

    private static Multiaddr address(ByteString bytes) {
        try {
            return Multiaddr.decode(bytes.toByteArray());
        } catch (MultiformatException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "identify: skipping a malformed address: " + e.getMessage());
            return null;
        }
    }
}
