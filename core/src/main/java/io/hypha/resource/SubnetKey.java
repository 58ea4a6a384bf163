package io.hypha.resource;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * An IP address or subnet as a map key for per-IP connection counting: the address itself, or its IPv4 /24
 * or IPv6 /56 prefix (go-libp2p rcmgr counts per /32 and per IPv6 /56 and /48; an IPv6 host can pick any
 * address of its /64, so only prefixes bound it). IPv4-mapped IPv6 addresses count as IPv4.
 */
record SubnetKey(byte[] prefix, int bits) {
    static final int IPV4_SUBNET_BITS = 24;
    static final int IPV6_SUBNET_BITS = 56;

    static SubnetKey address(InetAddress a) {
        byte[] raw = normalise(a);
        return new SubnetKey(raw, raw.length * 8);
    }

    static SubnetKey subnet(InetAddress a) {
        byte[] raw = normalise(a);
        int bits = raw.length == 4 ? IPV4_SUBNET_BITS : IPV6_SUBNET_BITS;
        return new SubnetKey(Arrays.copyOf(raw, bits / 8), bits);
    }

    private static byte[] normalise(InetAddress a) {
        byte[] raw = a.getAddress();
        if (a instanceof Inet6Address && isV4Mapped(raw)) {
            return Arrays.copyOfRange(raw, 12, 16);
        }
        if (!(a instanceof Inet4Address) && !(a instanceof Inet6Address)) {
            throw new IllegalArgumentException("not an IP address: " + a);
        }
        return raw;
    }

    private static boolean isV4Mapped(byte[] raw) {
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xff && raw[11] == (byte) 0xff;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubnetKey k && k.bits == bits && Arrays.equals(k.prefix, prefix);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(prefix) + bits;
    }

    @Override
    public String toString() {
        return java.util.HexFormat.of().formatHex(prefix) + "/" + bits;
    }
}
