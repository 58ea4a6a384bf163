package io.hypha.node.cli;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multibase;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Multihash;

/**
 * The format strings of Kubo's {@code ipfs cid format} (go-cidutil's {@code Format}): {@code %s} the CID
 * in the chosen base, {@code %P} its prefix, and so on; see {@link #DIRECTIVES}.
 */
final class CidFormat {
    static final String DIRECTIVES = """
               %% literal %
               %b multibase name
               %B multibase code
               %v version string
               %V version number
               %c codec name
               %C codec code
               %h multihash name
               %H multihash code
               %L hash digest length
               %m multihash encoded in base %b (with multibase prefix)
               %M multihash encoded in base %b without multibase prefix
               %d hash digest encoded in base %b (with multibase prefix)
               %D hash digest encoded in base %b without multibase prefix
               %s cid string encoded in base %b (a version 0 CID is always base58btc, no prefix)
               %S cid string encoded in base %b without multibase prefix
               %P cid prefix: %v-%c-%h-%L""";

    private CidFormat() {}

    /** Formats {@code cid} with {@code base} (base58btc for a version 0 CID's {@code %s}). */
    static String format(String fmt, Cid cid, Multibase base) {
        StringBuilder out = new StringBuilder();
        Multihash mh = cid.multihash();
        for (int i = 0; i < fmt.length(); i++) {
            char ch = fmt.charAt(i);
            if (ch != '%') {
                out.append(ch);
                continue;
            }
            if (++i >= fmt.length()) {
                throw new IllegalArgumentException("premature end of format string");
            }
            switch (fmt.charAt(i)) {
                case '%' -> out.append('%');
                case 'b' -> out.append(base.baseName());
                case 'B' -> out.append(base.prefix());
                case 'v' -> out.append("cidv").append(cid.version());
                case 'V' -> out.append(cid.version());
                case 'c' -> out.append(codecName(cid.codec()));
                case 'C' -> out.append(cid.codec());
                case 'h' -> out.append(hashName(mh.code()));
                case 'H' -> out.append(mh.code());
                case 'L' -> out.append(mh.digestLength());
                case 'm' -> out.append(base.encode(mh.bytes()));
                case 'M' -> out.append(base.encodeRaw(mh.bytes()));
                case 'd' -> out.append(base.encode(mh.digest()));
                case 'D' -> out.append(base.encodeRaw(mh.digest()));
                case 's' -> out.append(cid.version() == 0 ? cid.toString() : cid.toString(base));
                case 'S' -> out.append(base.encodeRaw(cid.bytes()));
                case 'P' -> out.append("cidv").append(cid.version()).append('-').append(codecName(cid.codec()))
                        .append('-').append(hashName(mh.code())).append('-').append(mh.digestLength());
                default -> throw new IllegalArgumentException(
                        "unrecognized specifier in format string: %" + fmt.charAt(i));
            }
        }
        return out.toString();
    }

    private static String codecName(long code) {
        return Multicodec.forCode(code).map(Multicodec::codecName).orElse("codec?" + code);
    }

    private static String hashName(long code) {
        return HashAlgorithm.lookup(code).map(HashAlgorithm::multicodecName).orElse("hash?" + code);
    }
}
