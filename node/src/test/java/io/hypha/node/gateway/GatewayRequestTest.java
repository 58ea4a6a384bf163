package io.hypha.node.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Request parsing, entity-bytes, byte ranges and content sniffing, without a server. */
class GatewayRequestTest {
    static final String CID = "bafybeihchr7vmgjaasntayyatmp5sv6xza57iy2h4xj7g46bpjij6yhrmy";

    static GatewayRequest parse(String uri, String... headers) {
        Map<String, String> h = new java.util.HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return GatewayRequest.parse(false, uri, h::get);
    }

    static int status(Runnable r) {
        return assertThrows(GatewayException.class, r::run).status;
    }

    @Test
    void pathsAreDecodedSegmentBySegment() {
        GatewayRequest r = parse("/ipfs/" + CID + "/a%20b/c+d/%C4%85/");
        assertEquals(List.of("a b", "c+d", "ą"), r.segments());
        assertTrue(r.trailingSlash());
        assertEquals("/ipfs/" + CID + "/a%20b/c+d/%C4%85/", r.contentPath());
        assertEquals(GatewayRequest.Format.UNIXFS, r.format());
        assertEquals(400, status(() -> parse("/ipfs/" + CID + "/../x")));
        assertEquals(400, status(() -> parse("/ipfs/" + CID + "/./x")));
        assertEquals(400, status(() -> parse("/ipfs/" + CID + "/a%2Fb")));
        assertEquals(400, status(() -> parse("/ipfs/" + CID + "/a%00")));
        assertEquals(400, status(() -> parse("/ipfs/" + CID + "/%zz")));
        assertEquals(400, status(() -> parse("/ipfs/Qm123")));
        assertEquals(404, status(() -> parse("/ipns/example.com")));
    }

    @Test
    void formatWinsOverAcceptAndCarParametersOverAccept() {
        assertEquals(GatewayRequest.Format.RAW, parse("/ipfs/" + CID, "Accept", "application/vnd.ipld.raw").format());
        assertEquals(GatewayRequest.Format.RAW,
                parse("/ipfs/" + CID + "?format=raw", "Accept", "application/vnd.ipld.car").format());
        GatewayRequest car = parse("/ipfs/" + CID + "?format=car&car-dups=n",
                "Accept", "text/html, application/vnd.ipld.car; version=1; order=dfs; dups=y;q=0.9");
        assertEquals(GatewayRequest.Format.CAR, car.format());
        assertTrue(!car.car().dups());
        assertTrue(parse("/ipfs/" + CID, "Accept", "application/vnd.ipld.car; dups=y").car().dups());
        assertEquals(CarOptions.DEFAULT, parse("/ipfs/" + CID + "?format=car").car());
        assertEquals(400, status(() -> parse("/ipfs/" + CID + "?format=dag-json")));
        assertEquals(400, status(() -> parse("/ipfs/" + CID + "?format=car&dag-scope=some")));
        assertEquals(GatewayRequest.Format.UNIXFS, parse("/ipfs/" + CID, "Accept", "text/html").format());
    }

    @Test
    void entityBytes() {
        assertArrayEquals(new long[] {512, 770}, EntityBytes.parse("512:-256").resolve(1026).orElseThrow());
        assertArrayEquals(new long[] {1021, 1025}, EntityBytes.parse("-5:*").resolve(1026).orElseThrow());
        assertArrayEquals(new long[] {0, 1023}, EntityBytes.parse("-9999:-3").resolve(1026).orElseThrow());
        assertArrayEquals(new long[] {0, 1025}, EntityBytes.parse("0:99999").resolve(1026).orElseThrow());
        assertArrayEquals(new long[] {0, 0}, EntityBytes.parse("0:0").resolve(1026).orElseThrow());
        assertEquals(Optional.empty(), EntityBytes.parse("2000:*").resolve(1026));
        assertEquals(Optional.empty(), EntityBytes.parse("0:*").resolve(0));
        for (String bad : List.of("", "5", "a:b", "1:2:3", "10:5", "1.5:*", "*:5")) {
            assertEquals(400, status(() -> EntityBytes.parse(bad)), bad);
        }
    }

    @Test
    void byteRanges() {
        assertEquals(Optional.of(new ByteRange(6, 16)), ByteRange.parse("bytes=6-16", 31));
        assertEquals(Optional.of(new ByteRange(28, 30)), ByteRange.parse("bytes=-3", 31));
        assertEquals(Optional.of(new ByteRange(10, 30)), ByteRange.parse("bytes=10-", 31));
        assertEquals(Optional.of(new ByteRange(10, 30)), ByteRange.parse("bytes=10-999", 31));
        assertEquals(Optional.of(new ByteRange(0, 30)), ByteRange.parse("bytes=-99", 31));
        assertEquals(Optional.of(new ByteRange(6, 16)), ByteRange.parse("bytes=6-16,0-4", 31), "the first of several");
        assertEquals(Optional.empty(), ByteRange.parse(null, 31));
        assertEquals(Optional.empty(), ByteRange.parse("lines=1-2", 31));
        for (String bad : List.of("bytes=31-", "bytes=5-2", "bytes=x-1", "bytes=-0", "bytes=", "bytes=1", "bytes=+1-2")) {
            assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse(bad, 31), bad);
        }
    }

    @Test
    void contentTypes() {
        assertEquals("image/png", ContentTypes.of("a.PNG", new byte[0], true));
        assertEquals(ContentTypes.HTML, ContentTypes.sniff(bytes("  <!doctype html><p>x"), false));
        assertEquals(ContentTypes.HTML, ContentTypes.sniff(bytes("<html>"), true));
        assertEquals(ContentTypes.TEXT, ContentTypes.sniff(bytes("<htmlx>"), true));
        assertEquals("application/pdf", ContentTypes.sniff(bytes("%PDF-1.7 ..."), false));
        assertEquals("image/jpeg", ContentTypes.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}, true));
        assertEquals("image/gif", ContentTypes.sniff(bytes("GIF89a...."), true));
        assertEquals("application/json", ContentTypes.sniff(bytes("[1, 2]\n"), true));
        assertEquals(ContentTypes.TEXT, ContentTypes.sniff(bytes("[1, 2"), false), "JSON is told only from a whole file");
        assertEquals(ContentTypes.TEXT, ContentTypes.sniff(bytes("hello, wörld\n"), true));
        assertEquals(ContentTypes.OCTET_STREAM, ContentTypes.sniff(new byte[] {1, 2, 3}, true));
        assertEquals(ContentTypes.TEXT, ContentTypes.sniff(new byte[0], true));
    }

    @Test
    void listingEscapes() {
        assertEquals("&lt;a href=&#34;x&#34;&gt;&amp;&#39;", DirectoryListing.escape("<a href=\"x\">&'"));
        assertEquals("a%20b%2Fc%3F", DirectoryListing.pathEscape("a b/c?"));
        assertNull(parse("/ipfs/" + CID).lastSegment());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
