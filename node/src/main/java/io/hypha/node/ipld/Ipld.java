package io.hypha.node.ipld;

import io.hypha.multiformats.Cid;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * A value of the IPLD data model (ipld/specs {@code data-model}): the nine kinds every codec here decodes into
 * and encodes from. Values are immutable; a map keeps its entries in the order they were given (decoders give
 * the block's order, encoders sort as their codec requires).
 */
public sealed interface Ipld {
    /** A map with string keys. */
    record MapNode(java.util.Map<String, Ipld> entries) implements Ipld {
        public MapNode {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }

    /** A list. */
    record ListNode(java.util.List<Ipld> items) implements Ipld {
        public ListNode {
            items = java.util.List.copyOf(items);
        }
    }

    /** A UTF-8 string. */
    record StringNode(String value) implements Ipld {
        public StringNode {
            Objects.requireNonNull(value, "value");
        }
    }

    /** Bytes (copied in and out). */
    record BytesNode(byte[] value) implements Ipld {
        public BytesNode {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The length without copying. */
        public int length() {
            return value.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BytesNode b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "BytesNode[" + value.length + " bytes]";
        }
    }

    /** An integer in DAG-CBOR's range, -2^64 to 2^64-1. */
    record IntNode(BigInteger value) implements Ipld {
        /** Smallest integer DAG-CBOR can encode (major type 1 with argument 2^64-1). */
        public static final BigInteger MIN = BigInteger.ONE.shiftLeft(64).negate();
        /** Largest integer DAG-CBOR can encode (major type 0 with argument 2^64-1). */
        public static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

        public IntNode {
            if (value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
                throw new IpldCodecException("integer " + value + " is outside -2^64 .. 2^64-1");
            }
        }

        public static IntNode of(long value) {
            return new IntNode(BigInteger.valueOf(value));
        }
    }

    /** A float: finite only (DAG-CBOR and DAG-JSON forbid NaN and the infinities). */
    record FloatNode(double value) implements Ipld {
        public FloatNode {
            if (!Double.isFinite(value)) {
                throw new IpldCodecException("float " + value + " is not finite");
            }
        }
    }

    /** true or false. */
    record BoolNode(boolean value) implements Ipld {}

    /** null. */
    record NullNode() implements Ipld {}

    /** A link to another block. */
    record LinkNode(Cid cid) implements Ipld {
        public LinkNode {
            Objects.requireNonNull(cid, "cid");
        }
    }

    /** The kind's name as the data model spec spells it, for error messages. */
    default String kind() {
        return switch (this) {
            case MapNode m -> "map";
            case ListNode l -> "list";
            case StringNode s -> "string";
            case BytesNode b -> "bytes";
            case IntNode i -> "int";
            case FloatNode f -> "float";
            case BoolNode b -> "bool";
            case NullNode n -> "null";
            case LinkNode l -> "link";
        };
    }
}
