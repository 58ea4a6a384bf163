/**
 * UnixFS (ipfs/specs {@code src/unixfs.md}) on dag-pb (ipld/specs {@code block-layer/codecs/dag-pb.md}):
 * the importer behind {@code hypha add}, the exporter behind {@code cat}, {@code ls} and {@code get}, and
 * {@link io.hypha.node.unixfs.TarExport}, the tar stream of Kubo's {@code get} over the RPC API.
 *
 * <p>{@link io.hypha.node.unixfs.Importer} builds the same DAGs as Kubo/boxo for the same
 * {@link io.hypha.node.unixfs.ImportOptions} (IPIP-0499 profiles {@code unixfs-v0-2015} and {@code unixfs-v1-2025}):
 * boxo's balanced and trickle layouts, UnixFS File leaves (Raw under trickle) or raw leaves, directories sorted
 * by name bytes, HAMT shards (murmur3-x64-64, fanout 256) when the links-bytes or block-bytes estimate is
 * strictly greater than the threshold, as boxo compares since Kubo 0.40 (older Kubo used {@code >=}).
 * Not implemented: content-defined chunkers (rabin, buzhash), {@code --inline} identity CIDs, mode/mtime
 * preservation, the data-first field order of IPIP-550.
 *
 * <p>{@link io.hypha.node.unixfs.DagPb} encodes canonically (Links before Data) and decodes with the spec's
 * strictness rules, including rejecting Links after Data, as go-codec-dagpb and js-dag-pb do (the spec text
 * still says decoders "should accept either order"; current implementations do not).
 * {@link io.hypha.node.unixfs.UnixfsData} writes fields as Kubo does (unpacked {@code blocksizes}) so
 * re-encoding a Kubo block gives back the same bytes and CID.
 */
package io.hypha.node.unixfs;
