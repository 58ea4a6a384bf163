package io.hypha.node.gateway;

import io.hypha.multiformats.Cid;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One gateway request, parsed and checked before any block is read: the content path ({@code /ipfs/CID/a/b}),
 * the answer's format ({@code ?format=} wins over {@code Accept}, as ipfs/specs {@code path-gateway.md} says) and,
 * for a CAR, its options ({@code car-*} query parameters win over the {@code Accept} type's parameters). Anything
 * malformed is a {@link GatewayException} with status 400 (404 for a path outside {@code /ipfs/}).
 *
 * @param head a HEAD request: headers only
 * @param root the CID the path starts at
 * @param segments the path below the root, percent-decoded, never empty, {@code .} or {@code ..}
 * @param trailingSlash whether the path ends with {@code /}
 * @param contentPath the path as requested (still escaped), for {@code X-Ipfs-Path} and links
 * @param query the query string as requested (escaped, without {@code ?}; empty when none)
 * @param format what to answer with
 * @param car the CAR options when {@code format} is {@link Format#CAR}, else null
 * @param filename the {@code filename} query parameter, or null
 * @param download whether {@code download=true} asks for an attachment
 * @param range the {@code Range} header, or null
 * @param onlyIfCached whether {@code Cache-Control: only-if-cached} asks for local content only
 * @param ifNoneMatch the {@code If-None-Match} header, or null
 */
record GatewayRequest(boolean head, Cid root, List<String> segments, boolean trailingSlash, String contentPath,
        String query, Format format, CarOptions car, String filename, boolean download, String range,
        boolean onlyIfCached, String ifNoneMatch) {
    /** How the answer is shaped. */
    enum Format {
        /** A single block, {@code application/vnd.ipld.raw}. */
        RAW,
        /** A CARv1 stream, {@code application/vnd.ipld.car}. */
        CAR,
        /** For people: a UnixFS file's bytes, or a directory's index.html or listing. */
        UNIXFS
    }

    static final String RAW_TYPE = "application/vnd.ipld.raw";
    static final String CAR_TYPE = "application/vnd.ipld.car";
    static final String PREFIX = "/ipfs/";

    /**
     * Parses a request line's target and the headers that matter ({@code header} returns a header's value or
     * null).
     */
    static GatewayRequest parse(boolean head, String uri, Function<String, String> header) {
        QueryStringDecoder decoder = new QueryStringDecoder(uri, StandardCharsets.UTF_8, true, 64);
        String rawPath = decoder.rawPath();
        if (!rawPath.startsWith(PREFIX)) {
            throw GatewayException.notFound("only /ipfs/{cid} paths are served here");
        }
        String[] parts = rawPath.substring(PREFIX.length()).split("/", -1);
        Cid root;
        try {
            root = Cid.decode(QueryStringDecoder.decodeComponent(parts[0]));
        } catch (IllegalArgumentException e) {
            throw GatewayException.badRequest("invalid CID '" + parts[0] + "': " + e.getMessage());
        }
        List<String> segments = new ArrayList<>();
        boolean trailingSlash = parts.length > 1 && parts[parts.length - 1].isEmpty();
        int last = trailingSlash ? parts.length - 1 : parts.length;
        for (int i = 1; i < last; i++) {
            String s;
            try {
                // a path keeps '+' as it is (it means a space only in a query)
                s = QueryStringDecoder.decodeComponent(parts[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw GatewayException.badRequest("invalid percent-encoding in path segment '" + parts[i] + "'");
            }
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.indexOf('/') >= 0 || s.indexOf('\0') >= 0) {
                throw GatewayException.badRequest("invalid path segment '" + parts[i] + "'");
            }
            segments.add(s);
        }
        Map<String, List<String>> params = decoder.parameters();
        Format format = Format.UNIXFS;
        String formatParam = first(params, "format");
        String accept = header.apply("Accept");
        AcceptedCar acceptedCar = null;
        if (formatParam != null) {
            format = switch (formatParam) {
                case "raw" -> Format.RAW;
                case "car" -> Format.CAR;
                default -> throw GatewayException.badRequest("unsupported format '" + formatParam
                        + "' (raw and car are served)");
            };
        }
        if (accept != null) {
            for (String range : accept.split(",")) {
                String[] typeAndParams = range.trim().split(";");
                String type = typeAndParams[0].trim().toLowerCase(Locale.ROOT);
                if (type.equals(CAR_TYPE)) {
                    acceptedCar = AcceptedCar.parse(typeAndParams);
                    format = formatParam == null ? Format.CAR : format;
                    break;
                }
                if (type.equals(RAW_TYPE)) {
                    format = formatParam == null ? Format.RAW : format;
                    break;
                }
            }
        }
        CarOptions car = format == Format.CAR ? carOptions(params, acceptedCar) : null;
        String cacheControl = header.apply("Cache-Control");
        boolean onlyIfCached = cacheControl != null
                && cacheControl.toLowerCase(Locale.ROOT).contains("only-if-cached");
        String rawQuery = decoder.rawQuery();
        return new GatewayRequest(head, root, List.copyOf(segments), trailingSlash, rawPath, rawQuery, format, car,
                first(params, "filename"), "true".equals(first(params, "download")), header.apply("Range"),
                onlyIfCached, header.apply("If-None-Match"));
    }

    /** The CAR parameters an {@code Accept: application/vnd.ipld.car; ...} asked for (null: not given). */
    private record AcceptedCar(String version, String order, String dups) {
        static AcceptedCar parse(String[] typeAndParams) {
            String version = null;
            String order = null;
            String dups = null;
            for (int i = 1; i < typeAndParams.length; i++) {
                String[] kv = typeAndParams[i].trim().split("=", 2);
                String value = kv.length == 2 ? kv[1].trim().replace("\"", "") : "";
                switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                    case "version" -> version = value;
                    case "order" -> order = value;
                    case "dups" -> dups = value;
                    default -> { } // q and unknown parameters do not change the answer
                }
            }
            return new AcceptedCar(version, order, dups);
        }
    }

    private static CarOptions carOptions(Map<String, List<String>> params, AcceptedCar accepted) {
        String version = firstOr(params, "car-version", accepted == null ? null : accepted.version());
        if (version != null && !version.equals("1")) {
            throw GatewayException.badRequest("unsupported CAR version " + version + " (only 1 is written)");
        }
        String order = firstOr(params, "car-order", accepted == null ? null : accepted.order());
        if (order != null && !order.equals("dfs") && !order.equals("unk")) {
            throw GatewayException.badRequest("unsupported CAR order '" + order + "' (dfs or unk)");
        }
        String dups = firstOr(params, "car-dups", accepted == null ? null : accepted.dups());
        if (dups != null && !dups.equals("y") && !dups.equals("n")) {
            throw GatewayException.badRequest("CAR dups must be y or n, not '" + dups + "'");
        }
        String scope = first(params, "dag-scope");
        String bytes = first(params, "entity-bytes");
        return new CarOptions(scope == null ? CarOptions.Scope.ALL : CarOptions.Scope.parse(scope),
                bytes == null ? null : EntityBytes.parse(bytes), "y".equals(dups));
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String firstOr(Map<String, List<String>> params, String name, String fallback) {
        String v = first(params, name);
        return v != null ? v : fallback;
    }

    /** The path's last name, or null when the path is the root CID alone. */
    String lastSegment() {
        return segments.isEmpty() ? null : segments.get(segments.size() - 1);
    }
}
