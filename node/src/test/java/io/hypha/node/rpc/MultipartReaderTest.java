package io.hypha.node.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming multipart reader: boundaries anywhere in the reads, names, and each malformed body refused. */
class MultipartReaderTest {
    /** Hands out at most {@code step} bytes per read, so boundaries straddle reads. */
    private static InputStream trickle(byte[] body, int step) {
        return new FilterInputStream(new ByteArrayInputStream(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    @Test
    void partsComeBackWhateverTheReadSizes() throws Exception {
        byte[] big = new byte[300_000];
        new Random(1).nextBytes(big);
        // a part whose bytes contain most of a delimiter must not end early
        byte[] tricky = ("x\r\n--" + Multipart.BOUNDARY.substring(0, 20) + "y").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new Multipart().directory("dir").file("dir/a b+c.txt", big).file("dir/t", tricky)
                .symlink("dir/l", "a b+c.txt").body();
        for (int step : new int[] {1, 7, 4096, 1 << 20}) {
            MultipartReader r = MultipartReader.open(trickle(body, step), Multipart.contentType());
            MultipartReader.Part p = r.next();
            assertEquals("dir", p.filename());
            assertEquals("application/x-directory", p.contentType());
            p = r.next();
            assertEquals("dir/a b+c.txt", p.filename(), "percent-decoded");
            assertArrayEquals(big, p.content().readAllBytes(), "step " + step);
            p = r.next();
            assertArrayEquals(tricky, p.content().readAllBytes());
            p = r.next();
            assertEquals("application/symlink", p.contentType());
            // a part left unread is skipped by next()
            assertNull(r.next());
            assertNull(r.next());
        }
    }

    @Test
    void malformedBodiesAreRefused() throws Exception {
        assertThrows(RpcException.class, () -> MultipartReader.open(InputStream.nullInputStream(), "application/json"));
        assertThrows(RpcException.class, () -> MultipartReader.open(InputStream.nullInputStream(), "multipart/form-data"));
        assertThrows(RpcException.class, () -> MultipartReader.open(InputStream.nullInputStream(),
                "multipart/form-data; boundary=" + "b".repeat(MultipartReader.MAX_BOUNDARY_LENGTH + 1)));
        // no boundary at all
        MultipartReader none = MultipartReader.open(new ByteArrayInputStream("just bytes".getBytes()),
                Multipart.contentType());
        assertThrows(MultipartReader.MultipartException.class, none::next);
        // cut short inside a part
        byte[] cut = new Multipart().file("a", new byte[100_000]).unfinished();
        MultipartReader truncated = MultipartReader.open(new ByteArrayInputStream(cut), Multipart.contentType());
        MultipartReader.Part p = truncated.next();
        assertThrows(MultipartReader.MultipartException.class, () -> p.content().readAllBytes());
        // part headers beyond the limit
        String headers = "--" + Multipart.BOUNDARY + "\r\nX-Junk: " + "a".repeat(MultipartReader.MAX_PART_HEADER_BYTES)
                + "\r\n\r\n";
        MultipartReader longHeaders = MultipartReader.open(new ByteArrayInputStream(headers.getBytes()),
                Multipart.contentType());
        assertThrows(MultipartReader.MultipartException.class, longHeaders::next);
    }

    @Test
    void headerParametersAreParsedAsRfc7578Says() {
        assertEquals("a\"b", MultipartReader.parameter("form-data; name=\"file\"; filename=\"a\\\"b\"", "filename"));
        assertEquals("xyz", MultipartReader.parameter("multipart/form-data; boundary=xyz", "boundary"));
        assertEquals("f", MultipartReader.parameter("form-data; name=\"file\"; filename=f", "filename"));
        assertNull(MultipartReader.parameter("form-data; name=\"file\"", "filename"));
    }
}
