package io.hypha.multiformats;

/** One multibase alphabet: text without the multibase prefix to bytes and back. */
interface BaseCodec {
    /** Encodes {@code data}, without a multibase prefix. */
    String encode(byte[] data);

    /**
     * Decodes {@code text} from index {@code from} to its end. Throws {@link MultiformatException} naming
     * the base and the offending character or length.
     */
    byte[] decode(String text, int from);

    /** "'x' (U+0078)" for error messages, so control and look-alike characters are visible. */
    static String describe(int codePoint) {
        String shown = Character.isISOControl(codePoint) ? "" : "'" + Character.toString(codePoint) + "' ";
        return shown + String.format("(U+%04X)", codePoint);
    }
}
