/**
 * The node's metrics: one Prometheus registry per node ({@link io.hypha.node.metrics.NodeMetrics}), fed by the
 * host's counters and resource statistics, the blockstore seam ({@link io.hypha.node.metrics.MeteredBlockstore}),
 * the RPC API and the gateway, and served as Prometheus text on the API port at {@code /debug/metrics/prometheus}
 * (as Kubo does). The metrics library (Prometheus client_java) is used here only: core stays free of it, and the
 * rest of the node talks to {@code NodeMetrics}' plain methods.
 */
package io.hypha.node.metrics;
