/**
 * The IPLD data model ({@link io.hypha.node.ipld.Ipld}) and the codecs that read and write it: DAG-CBOR and DAG-JSON
 * (ipld/specs {@code block-layer/codecs}), canonical when encoding and strict when decoding, dag-pb through the
 * UnixFS package's codec, and raw; paths inside a block and the named links of a block. Every decoder is bounded by
 * {@link io.hypha.node.ipld.IpldLimits}, so a hostile block cannot exhaust the stack or the heap.
 *
 * <p>Deliberate deviation: DAG-JSON input is accepted with any key order and whitespace (it is written by hand for
 * {@code dag put}); everything else the canonical encoder would not write is refused.
 */
package io.hypha.node.ipld;
