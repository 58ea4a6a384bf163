package io.hypha.multiformats;

/**
 * Proquint (multibase rfcs/Proquint.md, after arXiv 0901.4016): the text starts {@code ro-} (so the
 * multibase string starts {@code pro-}), then each 16-bit big-endian word is a five-letter quint
 * consonant-vowel-consonant-vowel-consonant (4+2+4+2+4 bits), quints separated by {@code -}.
 *
 * <p>The specifications leave an odd last byte undefined. Here it becomes a three-letter half quint,
 * consonant-vowel-consonant carrying 4+2+2 bits (the last consonant is one of the first four, b d f g);
 * decoding accepts exactly what encoding produces.
 */
final class ProquintCodec implements BaseCodec {
    private static final String NAME = "proquint";
    private static final String LEAD = "ro-";
    private static final String CONSONANTS = "bdfghjklmnprstvz";
    private static final String VOWELS = "aiou";
    private static final int QUINT = 5;
    private static final int HALF_QUINT = 3;

    @Override
    public String encode(byte[] data) {
        StringBuilder out = new StringBuilder(LEAD.length() + data.length * 3);
        out.append(LEAD);
        int i = 0;
        for (; i + 1 < data.length; i += 2) {
            if (i > 0) {
                out.append('-');
            }
            int w = ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
            out.append(CONSONANTS.charAt(w >>> 12))
                    .append(VOWELS.charAt((w >>> 10) & 3))
                    .append(CONSONANTS.charAt((w >>> 6) & 15))
                    .append(VOWELS.charAt((w >>> 4) & 3))
                    .append(CONSONANTS.charAt(w & 15));
        }
        if (i < data.length) {
            if (i > 0) {
                out.append('-');
            }
            int b = data[i] & 0xFF;
            out.append(CONSONANTS.charAt(b >>> 4)).append(VOWELS.charAt((b >>> 2) & 3)).append(CONSONANTS.charAt(b & 3));
        }
        return out.toString();
    }

    @Override
    public byte[] decode(String text, int from) {
        if (!text.startsWith(LEAD, from)) {
            throw new MultiformatException(NAME + ": text must start \"" + LEAD + "\" (\"p" + LEAD + "\" with the prefix)");
        }
        int start = from + LEAD.length();
        int length = text.length() - start;
        if (length == 0) {
            return new byte[0];
        }
        // Every group but the last is a quint followed by '-'.
        int fullGroups = length / (QUINT + 1);
        int rest = length - fullGroups * (QUINT + 1);
        boolean odd = rest == HALF_QUINT;
        if (rest != QUINT && !odd) {
            throw new MultiformatException(NAME + ": " + length + " characters is not a length this base produces");
        }
        byte[] out = new byte[fullGroups * 2 + (odd ? 1 : 2)];
        int o = 0;
        int i = start;
        for (int g = 0; g <= fullGroups; g++) {
            boolean last = g == fullGroups;
            if (last && odd) {
                int c1 = letter(CONSONANTS, text, i, from);
                int v = letter(VOWELS, text, i + 1, from);
                int c2 = letter(CONSONANTS, text, i + 2, from);
                if (c2 > 3) {
                    throw new MultiformatException(NAME + ": half quint ends in " + BaseCodec.describe(text.charAt(i + 2))
                            + ", not one of b d f g");
                }
                out[o] = (byte) ((c1 << 4) | (v << 2) | c2);
                break;
            }
            int w = letter(CONSONANTS, text, i, from) << 12
                    | letter(VOWELS, text, i + 1, from) << 10
                    | letter(CONSONANTS, text, i + 2, from) << 6
                    | letter(VOWELS, text, i + 3, from) << 4
                    | letter(CONSONANTS, text, i + 4, from);
            out[o++] = (byte) (w >>> 8);
            out[o++] = (byte) w;
            i += QUINT;
            if (!last) {
                if (text.charAt(i) != '-') {
                    throw new MultiformatException(NAME + ": expected '-' at index " + (i - from)
                            + ", found " + BaseCodec.describe(text.charAt(i)));
                }
                i++;
            }
        }
        return out;
    }

    private static int letter(String letters, String text, int i, int from) {
        char c = text.charAt(i);
        int v = letters.indexOf(c);
        if (v < 0) {
            String kind = letters == VOWELS ? "vowel" : "consonant";
            throw new MultiformatException(NAME + ": expected a " + kind + " at index " + (i - from)
                    + ", found " + BaseCodec.describe(c));
        }
        return v;
    }
}
