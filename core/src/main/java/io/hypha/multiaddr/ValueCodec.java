package io.hypha.multiaddr;

/**
 * Converts one protocol's value between its text form (what follows {@code /name/} in a multiaddr
 * string) and its binary form (what follows the code and, for variable-size protocols, the length
 * prefix). Implementations throw {@link MultiaddrException} with a short reason; the caller adds
 * which protocol and input it was.
 */
interface ValueCodec {
    /** Parses and validates the text form. The result must also pass {@link #validate}. */
    byte[] parse(String text);

    /** Prints a value that has passed {@link #validate}. */
    String format(byte[] value);

    /** Checks a binary value whose length already matches the protocol's fixed size, if it has one. */
    void validate(byte[] value);
}
