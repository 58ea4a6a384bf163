package io.hypha.internal.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiformats.Varint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DelimitedFrameReaderTest {
    static final int MAX = 1000;

    private final DelimitedFrameReader reader =
            new DelimitedFrameReader(ByteBufAllocator.DEFAULT, bytes -> true, MAX, 256);

    /**
     * Frames written back to back and cut anywhere (as a muxer delivers them) come out whole when the reader is fed
     * no more than {@link DelimitedFrameReader#bytesWanted} at a time, and it never holds more than one frame.
     */
    @Test
    void fedWhatItWantsItHoldsAtMostOneFrame() {
        Random random = new Random(3);
        List<byte[]> frames = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] body = new byte[random.nextInt(MAX + 1)];
            random.nextBytes(body);
            frames.add(body);
            wire.writeBytes(Varint.encode(body.length));
            wire.writeBytes(body);
        }
        byte[] all = wire.toByteArray();
        List<byte[]> out = new ArrayList<>();
        int pos = 0;
        try {
            while (pos < all.length) {
                int cut = Math.min(all.length - pos, 1 + random.nextInt(3 * MAX)); // a delivered buffer
                ByteBuf delivered = Unpooled.wrappedBuffer(all, pos, cut);
                pos += cut;
                while (delivered.isReadable()) {
                    byte[] body = reader.next();
                    if (body != null) {
                        out.add(body);
                        continue;
                    }
                    int wanted = Math.max(1, reader.bytesWanted());
                    reader.append(delivered.readRetainedSlice(Math.min(wanted, delivered.readableBytes())));
                    assertTrue(reader.buffered() <= reader.maxBufferedBytes(), "held " + reader.buffered());
                }
                delivered.release();
            }
            for (byte[] body; (body = reader.next()) != null; ) {
                out.add(body);
            }
        } finally {
            reader.release();
        }
        assertEquals(frames.size(), out.size());
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(frames.get(i), out.get(i));
        }
    }

    @Test
    void bytesWantedCountsThePrefixThenTheBody() {
        assertEquals(2, reader.bytesWanted()); // a length of at most 1000 takes two prefix bytes
        reader.append(Unpooled.wrappedBuffer(Varint.encode(300)));
        assertEquals(300, reader.bytesWanted());
        reader.append(Unpooled.wrappedBuffer(new byte[100]));
        assertEquals(200, reader.bytesWanted());
        reader.append(Unpooled.wrappedBuffer(new byte[200]));
        assertEquals(0, reader.bytesWanted());
        assertEquals(300, reader.next().length);
        assertNull(reader.next());
        reader.release();
    }

    @Test
    void anOversizedLengthFailsAsSoonAsItsPrefixIsRead() {
        reader.append(Unpooled.wrappedBuffer(Varint.encode(MAX + 1)));
        assertThrows(DelimitedFrameReader.FrameException.class, reader::bytesWanted);
        assertThrows(DelimitedFrameReader.FrameException.class, reader::next);
        reader.release();
    }
}
