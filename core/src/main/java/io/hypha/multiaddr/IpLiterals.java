package io.hypha.multiaddr;

/**
 * IPv4 and IPv6 literals, parsed and printed by hand so that nothing here can ever trigger a DNS
 * lookup (which {@code InetAddress.getByName} does for anything that is not a literal).
 *
 * <p>Parsing is strict: IPv4 is a dotted quad of decimal octets without leading zeros (Go rejects
 * them too since 1.17: they read as octal elsewhere); IPv6 is RFC 4291 section 2.2 text, with an
 * optional dotted-quad tail, no zone (zones are a separate {@code /ip6zone} component). Printing
 * follows RFC 5952 as Go does, so text produced here matches go-multiaddr.
 */
final class IpLiterals {
    static final int IP4_BYTES = 4;
    static final int IP6_BYTES = 16;
    private static final int IP6_GROUPS = 8;
    private static final int MAX_GROUP_DIGITS = 4;
    private static final int MAX_OCTET = 255;
    private static final int MAX_OCTET_DIGITS = 3;
    /** Bytes 10 and 11 of an IPv4-mapped IPv6 address ({@code ::ffff:0:0/96}, RFC 4291 2.5.5.2). */
    private static final int MAPPED_PREFIX_BYTES = 12;

    private IpLiterals() {}

    static byte[] parseIp4(String text) {
        byte[] out = new byte[IP4_BYTES];
        if (!parseIp4Into(text, out, 0)) {
            throw new MultiaddrException("not an IPv4 address: '" + text + "'");
        }
        return out;
    }

    private static boolean parseIp4Into(String text, byte[] out, int offset) {
        int octet = 0;
        int digits = 0;
        int index = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || index == IP4_BYTES) {
                    return false;
                }
                out[offset + index++] = (byte) octet;
                octet = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits > 0 && octet == 0) {
                    return false; // leading zero
                }
                octet = octet * 10 + (c - '0');
                digits++;
                if (digits > MAX_OCTET_DIGITS || octet > MAX_OCTET) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return index == IP4_BYTES;
    }

    static byte[] parseIp6(String text) {
        byte[] out = new byte[IP6_BYTES];
        if (!parseIp6Into(text, out)) {
            throw new MultiaddrException("not an IPv6 address: '" + text + "'");
        }
        return out;
    }

    private static boolean parseIp6Into(String s, byte[] out) {
        int len = s.length();
        int pos = 0;
        int filled = 0; // bytes written so far
        int ellipsis = -1; // byte index where "::" stands
        if (s.startsWith("::")) {
            ellipsis = 0;
            pos = 2;
            if (pos == len) {
                return true;
            }
        }
        while (pos < len) {
            if (filled == IP6_BYTES) {
                return false;
            }
            int end = pos;
            int group = 0;
            while (end < len && end - pos < MAX_GROUP_DIGITS + 1 && Character.digit(s.charAt(end), 16) >= 0
                    && s.charAt(end) < 0x80) {
                group = (group << 4) | Character.digit(s.charAt(end), 16);
                end++;
            }
            if (end < len && s.charAt(end) == '.') {
                // dotted-quad tail: must be last and leave room for four bytes
                if (filled + IP4_BYTES > IP6_BYTES || (ellipsis < 0 && filled != IP6_BYTES - IP4_BYTES)) {
                    return false;
                }
                if (!parseIp4Into(s.substring(pos), out, filled)) {
                    return false;
                }
                filled += IP4_BYTES;
                pos = len;
                break;
            }
            int digits = end - pos;
            if (digits == 0 || digits > MAX_GROUP_DIGITS) {
                return false;
            }
            out[filled++] = (byte) (group >> 8);
            out[filled++] = (byte) group;
            pos = end;
            if (pos == len) {
                break;
            }
            if (s.charAt(pos) != ':') {
                return false;
            }
            pos++;
            if (pos < len && s.charAt(pos) == ':') {
                if (ellipsis >= 0) {
                    return false; // second "::"
                }
                ellipsis = filled;
                pos++;
                if (pos == len) {
                    break;
                }
            } else if (pos == len) {
                return false; // trailing single ':'
            }
        }
        if (ellipsis < 0) {
            return filled == IP6_BYTES;
        }
        if (filled == IP6_BYTES) {
            return false; // "::" must stand for at least one group
        }
        int tail = filled - ellipsis;
        int gap = IP6_BYTES - filled;
        System.arraycopy(out, ellipsis, out, ellipsis + gap, tail);
        java.util.Arrays.fill(out, ellipsis, ellipsis + gap, (byte) 0);
        return true;
    }

    static String formatIp4(byte[] b) {
        return formatIp4(b, 0);
    }

    private static String formatIp4(byte[] b, int offset) {
        return (b[offset] & 0xFF) + "." + (b[offset + 1] & 0xFF) + "." + (b[offset + 2] & 0xFF) + "."
                + (b[offset + 3] & 0xFF);
    }

    /** RFC 5952 text; IPv4-mapped addresses print as {@code ::ffff:a.b.c.d}, as Go prints them. */
    static String formatIp6(byte[] b) {
        if (isIp4Mapped(b)) {
            return "::ffff:" + formatIp4(b, MAPPED_PREFIX_BYTES);
        }
        int[] groups = new int[IP6_GROUPS];
        for (int i = 0; i < IP6_GROUPS; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        // longest run of at least two zero groups; the first one wins a tie (RFC 5952 4.2)
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < IP6_GROUPS;) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < IP6_GROUPS && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < IP6_GROUPS; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    private static boolean isIp4Mapped(byte[] b) {
        for (int i = 0; i < MAPPED_PREFIX_BYTES - 2; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[MAPPED_PREFIX_BYTES - 2] == (byte) 0xFF && b[MAPPED_PREFIX_BYTES - 1] == (byte) 0xFF;
    }
}
