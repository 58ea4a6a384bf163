/**
 * The Kademlia keyspace and routing table (libp2p/specs {@code kad-dht/README.md}, "Distance" and "Kademlia
 * routing table"): {@link io.hypha.protocol.kad.routing.KadKey} is a SHA-256 point compared by XOR, and
 * {@link io.hypha.protocol.kad.routing.RoutingTable} keeps k peers per common-prefix length with our key.
 *
 * <p>Deliberate choices: a full bucket keeps its least recently seen peer unless a ping shows it dead (the
 * original Kademlia rule; go-libp2p-kbucket instead evicts peers it marks replaceable), with one waiting
 * candidate per bucket, the newest; bucket refresh targets are found by brute force and only for common-prefix
 * lengths up to {@value io.hypha.protocol.kad.routing.RoutingTable#MAX_REFRESH_CPL}, as go does.
 */
package io.hypha.protocol.kad.routing;
