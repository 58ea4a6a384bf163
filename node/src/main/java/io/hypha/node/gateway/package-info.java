/**
 * The node's HTTP gateway: the trustless gateway (ipfs/specs {@code src/http-gateways/trustless-gateway.md}: raw
 * blocks and CARs with {@code dag-scope}, {@code entity-bytes}, {@code dups}) and the path gateway for people
 * ({@code path-gateway.md}: UnixFS files with sniffed types and single byte ranges, directories as index.html or a
 * listing, the trailing-slash redirect). {@link io.hypha.node.gateway.GatewayServer} is the entry point.
 *
 * <p>Deliberate deviations: paths are resolved through UnixFS directories only (not through DAG-CBOR or DAG-JSON
 * nodes); {@code ?format=} accepts {@code raw} and {@code car} (tar, dag-json, dag-cbor and ipns-record answer 400);
 * a multi-range {@code Range} header is answered with the whole file (200); UnixFS symlinks and non-UnixFS blocks are
 * not rendered for people (501: ask with {@code ?format=raw} or {@code car}); CARs are version 1, order {@code dfs}
 * (which answers {@code order=unk} too). No {@code /ipns/}, subdomain or DNSLink gateway.
 */
package io.hypha.node.gateway;
