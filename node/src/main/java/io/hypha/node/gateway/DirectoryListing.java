package io.hypha.node.gateway;

import io.hypha.node.unixfs.DirectoryEntry;
import io.hypha.node.unixfs.EntryType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A plain HTML page listing a UnixFS directory that has no {@code index.html}: each entry's name (escaped), a link
 * to it under the directory's content path, its CID and its size. No script, no external resource.
 */
final class DirectoryListing {
    private DirectoryListing() {}

    /** The page for the directory at {@code contentPath} (escaped, ending with {@code /}). */
    static byte[] html(String contentPath, boolean hasParent, List<DirectoryEntry> entries) {
        StringBuilder b = new StringBuilder(256 + entries.size() * 160);
        String title = escape(decodedForTitle(contentPath));
        b.append("<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>").append(title)
                .append("</title></head>\n<body>\n<h1>Index of ").append(title).append("</h1>\n<table>\n");
        if (hasParent) {
            b.append("<tr><td><a href=\"../\">..</a></td><td></td><td></td></tr>\n");
        }
        for (DirectoryEntry e : entries) {
            String href = escape(contentPath + pathEscape(e.name()) + (e.type() == EntryType.DIRECTORY ? "/" : ""));
            b.append("<tr><td><a href=\"").append(href).append("\">").append(escape(e.name()))
                    .append(e.type() == EntryType.DIRECTORY ? "/" : "").append("</a></td><td>")
                    .append(e.cid()).append("</td><td>").append(e.type() == EntryType.DIRECTORY ? "" : e.size() + " B")
                    .append("</td></tr>\n");
        }
        b.append("</table>\n</body>\n</html>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** HTML-escapes text for an element or a double-quoted attribute. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&#34;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Percent-encodes one path segment (a space as %20, never +). */
    static String pathEscape(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decodedForTitle(String path) {
        try {
            return java.net.URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path;
        }
    }
}
