/**
 * Multiformats: self-describing values shared by libp2p and IPFS.
 *
 * <ul>
 *   <li>{@link io.hypha.multiformats.Varint}: multiformats/unsigned-varint (minimal, at most nine bytes).
 *   <li>{@link io.hypha.multiformats.Multibase}: multiformats/multibase {@code multibase.csv} and
 *       {@code rfcs/*.md} (base36, base45 = RFC 9285, proquint, base256emoji, identity); RFC 4648 for the
 *       base16/32/64 families.
 *   <li>{@link io.hypha.multiformats.HashAlgorithm}, {@link io.hypha.multiformats.Multihash}:
 *       multiformats/multihash README; codes from multiformats/multicodec {@code table.csv}.
 *   <li>{@link io.hypha.multiformats.Multicodec}: multiformats/multicodec {@code table.csv}.
 *   <li>{@link io.hypha.multiformats.Cid}: multiformats/cid README (decoding rules, reserved versions).
 * </ul>
 *
 * <p>Every parser is total: malformed input throws {@link io.hypha.multiformats.MultiformatException}
 * naming what is wrong, never another runtime exception, and every size is capped by a named constant.
 *
 * <p>Deliberate choices where the specifications are silent or loose: decoders are strict (no
 * non-canonical trailing bits, padding exactly where a padded base puts it); an odd last byte in
 * proquint is a three-letter half quint; a multihash whose digest is longer than its fixed-length
 * function produces is rejected; the identity base encodes only valid UTF-8, as its RFC says.
 */
package io.hypha.multiformats;
