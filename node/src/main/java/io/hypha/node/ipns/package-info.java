/**
 * IPNS records (ipfs/specs {@code src/ipns/ipns-record.md}): {@link io.hypha.node.ipns.IpnsRecord} (the
 * {@code IpnsEntry} protobuf with its signed DAG-CBOR {@code data}), {@link io.hypha.node.ipns.Ipns#create}
 * (signed V1+V2 records, as boxo writes them by default), {@link io.hypha.node.ipns.IpnsValidator} (the DHT's
 * {@code /ipns/} namespace: verification and selection) and {@link io.hypha.node.ipns.IpnsName}. The generated
 * protobuf class stays in {@code internal}.
 *
 * <p>Deliberate deviations, each stricter than boxo: {@code data} must be canonical DAG-CBOR (the node's strict
 * decoder) with the five spec fields; {@code Sequence} and {@code TTL} must lie in 0 to 2^63 - 1 (boxo writes
 * them as int64); a {@code Value} that is neither a UTF-8 path nor a binary CID is refused (boxo's DHT validator
 * does not look at it, but no resolver can use it); an unknown V1 {@code validityType} fails parsing; a hashed
 * (RSA, ECDSA) name whose record lacks {@code pubKey} is invalid, since no key book is consulted. Selection breaks
 * ties by position (the kad {@code RecordValidator} contract) where boxo compares the raw bytes.
 */
package io.hypha.node.ipns;
