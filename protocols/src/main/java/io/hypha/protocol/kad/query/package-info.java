/**
 * Iterative Kademlia lookups as sans-IO state machines (libp2p/specs {@code kad-dht/README.md}, "Peer
 * routing"): {@link io.hypha.protocol.kad.query.ClosestPeersQuery} says whom to ask next and when it is done;
 * the driver sends the requests and reports answers and the time.
 *
 * <p>Deliberate deviation from go-libp2p-kad-dht: a lookup ends when the k closest peers that did not fail have
 * answered (the spec's rule, as rust-libp2p), not as soon as the beta closest have, so its result is the k
 * closest peers that answered rather than a mix of answered and unheard ones; an unreachable peer among the k
 * closest costs one RPC timeout.
 */
package io.hypha.protocol.kad.query;
