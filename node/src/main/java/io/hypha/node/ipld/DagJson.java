package io.hypha.node.ipld;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.hypha.multiformats.Cid;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DAG-JSON codec (ipld/specs {@code block-layer/codecs/dag-json.md}).
 *
 * <p>Encoding is canonical and written here by hand (a general JSON writer cannot promise it): no whitespace, map
 * keys sorted bytewise by their UTF-8 bytes, links as {@code {"/":"<cid>"}} (CIDv0 in base58btc, v1 in base32),
 * bytes as {@code {"/":{"bytes":"<base64, no padding>"}}}, floats in their shortest round-trip form with a
 * fraction or exponent (so they decode as floats again), strings escaping only what JSON requires.
 *
 * <p>Decoding reads with Jackson's streaming parser in its strict default (no comments, NaN, leading zeros or
 * trailing commas) and adds the codec's rules: no repeated keys, no content after the value, no lone surrogates,
 * integers within DAG-CBOR's range, finite floats, and a map with a {@code "/"} key must be a valid link or bytes
 * form. Key order and whitespace are accepted as written (people write DAG-JSON by hand for {@code dag put});
 * {@link #encode} gives the canonical form. Nesting, value count and size are bounded by {@link IpldLimits}.
 */
public final class DagJson {
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(IpldLimits.MAX_DEPTH + 2)
                    .maxNumberLength(1000)
                    .maxStringLength(IpldLimits.MAX_BLOCK_BYTES)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();

    private DagJson() {}

    /** Decodes one DAG-JSON document. */
    public static Ipld decode(byte[] block) {
        if (block.length > IpldLimits.MAX_BLOCK_BYTES) {
            throw new IpldCodecException("dag-json: block of " + block.length + " bytes exceeds the limit of "
                    + IpldLimits.MAX_BLOCK_BYTES);
        }
        try (JsonParser p = JSON.createParser(block)) {
            int[] values = {0};
            if (p.nextToken() == null) {
                throw new IpldCodecException("dag-json: empty input");
            }
            Ipld value = value(p, 0, values);
            if (p.nextToken() != null) {
                throw new IpldCodecException("dag-json: content after the value at " + where(p));
            }
            return value;
        } catch (IOException e) { // JsonProcessingException included: malformed JSON, repeated key, limits
            throw new IpldCodecException("dag-json: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage()
                    + " at byte " + (j.getLocation() == null ? -1 : j.getLocation().getByteOffset()) : e.getMessage()), e);
        }
    }

    private static Ipld value(JsonParser p, int depth, int[] values) throws IOException {
        if (depth > IpldLimits.MAX_DEPTH) {
            throw new IpldCodecException("dag-json: nesting deeper than " + IpldLimits.MAX_DEPTH);
        }
        if (++values[0] > IpldLimits.MAX_VALUES) {
            throw new IpldCodecException("dag-json: more than " + IpldLimits.MAX_VALUES + " values");
        }
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Ipld> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = checked(p, p.currentName());
                    p.nextToken();
                    entries.put(key, value(p, depth + 1, values));
                }
                yield entries.containsKey("/") ? special(p, entries) : new Ipld.MapNode(entries);
            }
            case START_ARRAY -> {
                List<Ipld> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p, depth + 1, values));
                }
                yield new Ipld.ListNode(items);
            }
            case VALUE_STRING -> new Ipld.StringNode(checked(p, p.getText()));
            case VALUE_NUMBER_INT -> new Ipld.IntNode(p.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> {
                double d = p.getDoubleValue();
                if (!Double.isFinite(d)) {
                    throw new IpldCodecException("dag-json: float " + p.getText() + " is out of range at " + where(p));
                }
                yield new Ipld.FloatNode(d);
            }
            case VALUE_TRUE -> new Ipld.BoolNode(true);
            case VALUE_FALSE -> new Ipld.BoolNode(false);
            case VALUE_NULL -> new Ipld.NullNode();
            default -> throw new IpldCodecException("dag-json: unexpected " + t + " at " + where(p));
        };
    }

    /** A map with the reserved {@code "/"} key: a link or bytes, or an error. */
    private static Ipld special(JsonParser p, Map<String, Ipld> entries) {
        if (entries.size() == 1 && entries.get("/") instanceof Ipld.StringNode s) {
            try {
                return new Ipld.LinkNode(Cid.decode(s.value()));
            } catch (IllegalArgumentException e) {
                throw new IpldCodecException("dag-json: invalid link \"" + s.value() + "\" at " + where(p) + ": "
                        + e.getMessage());
            }
        }
        if (entries.size() == 1 && entries.get("/") instanceof Ipld.MapNode m && m.entries().size() == 1
                && m.entries().get("bytes") instanceof Ipld.StringNode s) {
            String text = s.value();
            if (text.endsWith("=")) {
                throw new IpldCodecException("dag-json: padded base64 in bytes at " + where(p));
            }
            try {
                return new Ipld.BytesNode(Base64.getDecoder().decode(text));
            } catch (IllegalArgumentException e) {
                throw new IpldCodecException("dag-json: invalid base64 in bytes at " + where(p));
            }
        }
        throw new IpldCodecException("dag-json: a map with the reserved \"/\" key is neither a link nor bytes, at "
                + where(p));
    }

    private static String checked(JsonParser p, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IpldCodecException("dag-json: string with a lone surrogate at " + where(p));
            }
        }
        return s;
    }

    private static String where(JsonParser p) {
        return "byte " + p.currentLocation().getByteOffset();
    }

    /** Encodes {@code value} canonically. */
    public static byte[] encode(Ipld value) {
        StringBuilder out = new StringBuilder();
        write(out, value, 0);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder out, Ipld value, int depth) {
        if (depth > IpldLimits.MAX_DEPTH) {
            throw new IpldCodecException("dag-json: nesting deeper than " + IpldLimits.MAX_DEPTH);
        }
        switch (value) {
            case Ipld.MapNode m -> {
                List<Map.Entry<byte[], Map.Entry<String, Ipld>>> entries = new ArrayList<>();
                for (Map.Entry<String, Ipld> e : m.entries().entrySet()) {
                    entries.add(Map.entry(e.getKey().getBytes(StandardCharsets.UTF_8), e));
                }
                entries.sort((a, b) -> Arrays.compareUnsigned(a.getKey(), b.getKey()));
                out.append('{');
                for (int i = 0; i < entries.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    string(out, entries.get(i).getValue().getKey());
                    out.append(':');
                    write(out, entries.get(i).getValue().getValue(), depth + 1);
                }
                out.append('}');
            }
            case Ipld.ListNode l -> {
                out.append('[');
                for (int i = 0; i < l.items().size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(out, l.items().get(i), depth + 1);
                }
                out.append(']');
            }
            case Ipld.StringNode s -> string(out, s.value());
            case Ipld.BytesNode b -> out.append("{\"/\":{\"bytes\":\"").append(BASE64.encodeToString(b.value()))
                    .append("\"}}");
            case Ipld.IntNode i -> out.append(i.value());
            case Ipld.FloatNode f -> out.append(formatFloat(f.value()));
            case Ipld.BoolNode b -> out.append(b.value());
            case Ipld.NullNode n -> out.append("null");
            case Ipld.LinkNode l -> out.append("{\"/\":\"").append(l.cid()).append("\"}");
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * The shortest decimal that reads back as {@code d}, laid out as ECMAScript's Number#toString does (the
     * form the spec's fixtures use: {@code 0.5}, {@code 8.940696716308594e-8}, {@code 1e-323}), with {@code .0}
     * added to a whole number so it stays a float.
     */
    static String formatFloat(double d) {
        if (d == 0) {
            return "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        // Double.toString keeps two digits where one would do (9.9E-324 for 1e-323): find the shortest
        for (int p = 1; p < bd.precision(); p++) {
            BigDecimal shorter = bd.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (shorter.doubleValue() == Math.abs(d)) {
                bd = shorter.stripTrailingZeros();
                break;
            }
        }
        String digits = bd.unscaledValue().toString();
        int k = digits.length();
        int n = k - bd.scale();
        StringBuilder s = new StringBuilder(d < 0 ? "-" : "");
        if (k <= n && n <= 21) {
            s.append(digits).append("0".repeat(n - k)).append(".0");
        } else if (0 < n && n <= 21) {
            s.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            s.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            s.append(digits.charAt(0));
            if (k > 1) {
                s.append('.').append(digits, 1, k);
            }
            s.append('e').append(n - 1 >= 0 ? "+" : "-").append(Math.abs(n - 1));
        }
        return s.toString();
    }
}
