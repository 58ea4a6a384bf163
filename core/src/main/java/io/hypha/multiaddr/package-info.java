/**
 * Multiaddr: self-describing network addresses (multiformats/multiaddr README, protocols.csv,
 * protocols/http-path.md), in text ({@code /ip4/127.0.0.1/tcp/4001}) and binary form.
 *
 * <p>{@link io.hypha.multiaddr.Multiaddr} is the immutable value, {@link io.hypha.multiaddr.Component}
 * one protocol and value, {@link io.hypha.multiaddr.Protocol} the table of known protocols. Parsing
 * never resolves names: IP literals are parsed by hand, and {@code /dns*} and {@code /dnsaddr} are
 * carried as names. Resolution is a separate, asynchronous step: {@link io.hypha.multiaddr.DnsResolver}
 * (multiaddr {@code protocols/DNSADDR.md}, behaviour of go-multiaddr-dns and go-libp2p's swarm).
 *
 * <p>Behaviour follows go-multiaddr where the spec is silent (trailing slashes, {@code /ipfs} alias,
 * unix paths, decapsulating the last occurrence). Deliberate deviations, each documented where it
 * lives: {@code memory} is a fixed 64-bit value as in go and rust (the csv says variable); IP text is
 * stricter than Go's ({@code /ip4} accepts only a dotted quad, {@code /ip6} no bare IPv4); a '+' in
 * {@code /http-path} text is a literal plus (RFC 3986), not a space; base32/base64 text with set
 * trailing bits (onion, garlic) is rejected; a {@code /p2p} value must be a valid
 * {@link io.hypha.peer.PeerId} (go accepts any identity multihash).
 */
package io.hypha.multiaddr;
