/**
 * dag-pb (ipld/specs {@code block-layer/codecs/dag-pb.md}) and the UnixFS {@code Data} message
 * (ipfs/specs {@code src/unixfs.md}).
 *
 * <p>{@link io.hypha.node.unixfs.DagPb} encodes canonically (Links before Data) and decodes with the spec's
 * strictness rules, including rejecting Links after Data, as go-codec-dagpb and js-dag-pb do (the spec text
 * still says decoders "should accept either order"; current implementations do not).
 * {@link io.hypha.node.unixfs.UnixfsData} writes fields as Kubo does (unpacked {@code blocksizes}) so
 * re-encoding a Kubo block gives back the same bytes and CID.
 */
package io.hypha.node.unixfs;
