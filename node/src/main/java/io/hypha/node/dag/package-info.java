/**
 * Walking DAGs whatever their codec: {@link io.hypha.node.dag.DagTraversal}, the one asynchronous pre-order walk
 * (CAR export, pinning, GC marking, the exporter's file reads), and what is built on it: Kubo's {@code dag stat}
 * ({@link io.hypha.node.dag.DagStat}) and {@code refs} ({@link io.hypha.node.dag.Refs}); and
 * {@link io.hypha.node.dag.DagPath}, which resolves {@code /ipfs/CID/a/b} paths through IPLD nodes, links and UnixFS
 * directory entries for {@code dag get}, {@code get}, {@code refs} and {@code dag stat}.
 */
package io.hypha.node.dag;
