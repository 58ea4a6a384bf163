package io.hypha.multiaddr;

import io.hypha.multiformats.MultiformatException;
import io.hypha.multiformats.Varint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the text and binary forms of a multiaddr (multiformats/multiaddr README, "Specification")
 * into components. Both readers are strict and bounded: every failure is a {@link MultiaddrException}.
 */
final class MultiaddrCodec {
    private MultiaddrCodec() {}

    /**
     * Text form: {@code /name/value/name/...}. As go-multiaddr does, trailing slashes are ignored,
     * {@code ipfs} is read as {@code p2p}, and a path protocol ({@code unix}) takes the rest of the
     * text. Empty text and "/" are errors.
     */
    static List<Component> readText(String text) {
        if (text.length() > Multiaddr.MAX_TEXT_LENGTH) {
            throw new MultiaddrException("multiaddr text of " + text.length() + " chars exceeds the limit of "
                    + Multiaddr.MAX_TEXT_LENGTH);
        }
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        String trimmed = text.substring(0, end);
        if (trimmed.isEmpty()) {
            throw new MultiaddrException("empty multiaddr '" + text + "'");
        }
        if (trimmed.charAt(0) != '/') {
            throw new MultiaddrException("multiaddr '" + Component.abbreviate(text) + "' must begin with '/'");
        }
        String[] parts = trimmed.substring(1).split("/", -1);
        List<Component> components = new ArrayList<>();
        int i = 0;
        while (i < parts.length) {
            String name = parts[i++];
            Protocol protocol = Protocol.byName(name).orElseThrow(() -> new MultiaddrException(
                    "unknown protocol '" + Component.abbreviate(name) + "' in multiaddr '"
                            + Component.abbreviate(text) + "'"));
            if (!protocol.hasValue()) {
                components.add(Component.of(protocol));
                continue;
            }
            if (i == parts.length) {
                throw new MultiaddrException("missing value for /" + protocol.protocolName() + " in multiaddr '"
                        + Component.abbreviate(text) + "'");
            }
            String value;
            if (protocol.isPath()) {
                value = "/" + String.join("/", Arrays.asList(parts).subList(i, parts.length));
                i = parts.length;
            } else {
                value = parts[i++];
            }
            components.add(Component.parse(protocol, value));
        }
        return components;
    }

    /**
     * Binary form: a sequence of {@code uvarint code ‖ [uvarint length] ‖ value}, nothing else. Unknown
     * codes, truncated or over-long varints, lengths beyond the input, empty variable values, invalid
     * values and anything after a path component are errors.
     */
    static List<Component> readBinary(byte[] bytes) {
        if (bytes.length == 0) {
            throw new MultiaddrException("empty multiaddr");
        }
        if (bytes.length > Multiaddr.MAX_ENCODED_LENGTH) {
            throw new MultiaddrException("multiaddr of " + bytes.length + " bytes exceeds the limit of "
                    + Multiaddr.MAX_ENCODED_LENGTH);
        }
        List<Component> components = new ArrayList<>();
        int offset = 0;
        while (offset < bytes.length) {
            if (!components.isEmpty() && components.get(components.size() - 1).protocol().isPath()) {
                throw new MultiaddrException("component at byte " + offset + " follows path component /"
                        + components.get(components.size() - 1).protocol().protocolName());
            }
            int start = offset;
            Varint.Decoded code = readVarint(bytes, offset, "protocol code");
            Protocol protocol = Protocol.byCode(code.value()).orElseThrow(() -> new MultiaddrException(
                    "unknown protocol code 0x" + Long.toHexString(code.value()) + " at byte " + start));
            offset += code.length();
            int size;
            if (protocol.isLengthPrefixed()) {
                Varint.Decoded length = readVarint(bytes, offset, "/" + protocol.protocolName() + " value length");
                offset += length.length();
                if (length.value() == 0) {
                    throw new MultiaddrException("empty /" + protocol.protocolName() + " value at byte " + start);
                }
                if (length.value() > bytes.length - offset) {
                    throw new MultiaddrException("/" + protocol.protocolName() + " value of " + length.value()
                            + " bytes at byte " + offset + " runs past the end (" + (bytes.length - offset)
                            + " left)");
                }
                size = (int) length.value();
            } else {
                size = protocol.sizeBits() / 8;
                if (size > bytes.length - offset) {
                    throw new MultiaddrException("/" + protocol.protocolName() + " needs " + size
                            + " value bytes at byte " + offset + ", " + (bytes.length - offset) + " left");
                }
            }
            components.add(new Component(protocol, Arrays.copyOfRange(bytes, offset, offset + size)));
            offset += size;
        }
        return components;
    }

    private static Varint.Decoded readVarint(byte[] bytes, int offset, String what) {
        try {
            return Varint.decode(bytes, offset);
        } catch (MultiformatException e) {
            throw new MultiaddrException("bad " + what + " at byte " + offset + ": " + e.getMessage(), e);
        }
    }
}
