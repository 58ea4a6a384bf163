package io.hypha.node.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON printed as Kubo's CLI prints it (Go's {@code json.MarshalIndent}): {@code "Key": value}, no space in empties. */
final class CliJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CliJson() {}

    /** {@code value} indented with {@code indent} per level. */
    static String indent(JsonNode value, String indent) {
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""))
                .withObjectIndenter(new DefaultIndenter(indent, "\n"))
                .withArrayIndenter(new DefaultIndenter(indent, "\n"));
        try {
            return JSON.writer(pretty).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** Kubo's {@code config} output: a string as it is, anything else indented by two spaces. */
    static String human(JsonNode value) {
        return value.isTextual() ? value.asText() : indent(value, "  ");
    }
}
