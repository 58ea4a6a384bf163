package io.hypha.node.ipld;

import java.util.ArrayList;
import java.util.List;

/**
 * A path inside a block: one step through a map (by key) or a list (by index). Resolving across blocks, following
 * each link met on the way, is the caller's (it needs the blocks); this answers one block's part.
 */
public final class IpldPath {
    private IpldPath() {}

    /** The path's segments: split on {@code /}, empty segments dropped ({@code "a//b/"} is {@code [a, b]}). */
    public static List<String> parse(String path) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        return segments;
    }

    /** The child of {@code node} named {@code segment}; an {@link IpldPathException} when it has none. */
    public static Ipld child(Ipld node, String segment) {
        switch (node) {
            case Ipld.MapNode m -> {
                Ipld v = m.entries().get(segment);
                if (v != null) {
                    return v;
                }
            }
            case Ipld.ListNode l -> {
                if (segment.matches("0|[1-9][0-9]{0,8}")) {
                    int i = Integer.parseInt(segment);
                    if (i < l.items().size()) {
                        return l.items().get(i);
                    }
                }
            }
            default -> throw new IpldPathException("cannot traverse into a " + node.kind() + " with \"" + segment + "\"");
        }
        throw new IpldPathException("no such link \"" + segment + "\"");
    }
}
