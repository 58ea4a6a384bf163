/**
 * Resource accounting: what a peer can make the node hold, bounded and counted.
 *
 * <p>{@link io.hypha.resource.ResourceManager} is the equivalent of go-libp2p's resource manager
 * ({@code p2p/host/resource-manager}), with fewer knobs: one memory budget from which the other defaults
 * scale ({@link io.hypha.resource.ResourceLimits#forMemory}). Its scopes form go's DAG: the <em>node</em>
 * (go's "system"), the <em>transient</em> scope of connections still handshaking, one scope per
 * <em>peer</em>, per <em>connection</em>, per <em>stream</em> and per <em>protocol</em>. A connection is
 * transient until its peer is authenticated, then charged to its peer; a stream is charged to its
 * connection, peer and the node, and to its protocol once negotiated. Every refusal is a
 * {@link io.hypha.resource.ResourceLimitException} naming the {@link io.hypha.resource.Limit} that was hit,
 * is counted in {@link io.hypha.resource.ResourceStats} and is logged at INFO once per peer (or address).
 *
 * <p>{@link io.hypha.resource.ConnectionManager} is Kubo's {@code Swarm.ConnMgr}: above the high-water mark
 * it closes the least useful connections older than the grace period, down to the low-water mark, sparing
 * protected peers. {@link io.hypha.resource.RateLimiter} is the token bucket behind the per-connection
 * stream-open and reset limits.
 */
package io.hypha.resource;
