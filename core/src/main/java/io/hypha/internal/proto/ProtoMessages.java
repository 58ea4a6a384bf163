package io.hypha.internal.proto;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.UnknownFieldSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * How the codecs use the classes protoc generates from the specs' {@code .proto} files (the generated code
 * lives in {@code io.hypha.internal.proto.*} and in each protocol's {@code internal} package; codecs map it to
 * records at the boundary, STYLE.md rule 9).
 *
 * <p>{@link #parse} reads a message as strictly as the hand-written readers it replaced did. Protobuf-java
 * accepts two things they rejected: a known field that arrives with the wrong wire type (it keeps it among the
 * unknown fields) and groups (a deprecated wire type no libp2p message uses). Everything else protobuf allows
 * is accepted: unknown fields, fields in any order, a repeated singular field keeping its last value, an
 * embedded message given twice merging.
 */
public final class ProtoMessages {
    private ProtoMessages() {}

    /**
     * Parses {@code bytes} with {@code parser} and checks the result as described above. Required fields of
     * proto2 messages are not checked: the caller says which are missing, in its own words.
     *
     * @param what names the message in error messages
     * @throws ProtoException if the bytes are not a well-formed message (protobuf-java's
     *     {@link InvalidProtocolBufferException} is the cause), or have a field on the wrong wire type or a group
     */
    public static <M extends Message> M parse(Parser<M> parser, byte[] bytes, String what) {
        M message;
        try {
            message = parser.parsePartialFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtoException(what + ": " + e.getMessage(), e);
        }
        checkUnknownFields(message, what);
        return message;
    }

    private static void checkUnknownFields(Message message, String what) {
        Descriptor type = message.getDescriptorForType();
        for (Map.Entry<Integer, UnknownFieldSet.Field> e : message.getUnknownFields().asMap().entrySet()) {
            int number = e.getKey();
            UnknownFieldSet.Field field = e.getValue();
            if (!field.getGroupList().isEmpty()) {
                throw new ProtoException(what + ": field " + number + " is a group (wire type 3), which is not accepted");
            }
            FieldDescriptor known = type.findFieldByNumber(number);
            if (known == null) {
                continue; // a field this schema does not know: ignored, as protobuf says
            }
            if (known.getJavaType() == FieldDescriptor.JavaType.ENUM && !field.getVarintList().isEmpty()) {
                throw new ProtoException(what + ": field " + known.getName() + " has unknown value "
                        + field.getVarintList().getLast());
            }
            throw new ProtoException(what + ": field " + number + " (" + known.getName() + ") has wire type "
                    + wireType(field) + ", expected " + known.getLiteType().getWireType());
        }
        for (FieldDescriptor f : type.getFields()) {
            if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (f.isRepeated()) {
                for (int i = 0, n = message.getRepeatedFieldCount(f); i < n; i++) {
                    checkUnknownFields((Message) message.getRepeatedField(f, i), what + " " + f.getName());
                }
            } else if (message.hasField(f)) {
                checkUnknownFields((Message) message.getField(f), what + " " + f.getName());
            }
        }
    }

    /** The wire type an unknown field arrived with (0 varint, 1 fixed64, 2 length-delimited, 3 group, 5 fixed32). */
    public static int wireType(UnknownFieldSet.Field field) {
        if (!field.getVarintList().isEmpty()) {
            return 0;
        } else if (!field.getFixed64List().isEmpty()) {
            return 1;
        } else if (!field.getLengthDelimitedList().isEmpty()) {
            return 2;
        } else if (!field.getGroupList().isEmpty()) {
            return 3;
        }
        return 5;
    }
}
