package io.hypha.protocol.kad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hypha.multiformats.Varint;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KadFrameReaderTest {
    private final List<Long> asked = new ArrayList<>();

    private KadFrameReader reader(long budget) {
        long[] left = {budget};
        return new KadFrameReader(ByteBufAllocator.DEFAULT, bytes -> {
            asked.add(bytes);
            if (bytes > left[0]) {
                return false;
            }
            left[0] -= bytes;
            return true;
        });
    }

    @Test
    void smallRequestsHoldOneStep() {
        KadFrameReader r = reader(Long.MAX_VALUE);
        try {
            for (int i = 0; i < 100; i++) {
                r.append(Unpooled.wrappedBuffer(new byte[] {2, 0x08, 0x05}));
                assertArrayEquals(new byte[] {0x08, 0x05}, r.next());
                assertNull(r.next());
            }
            assertEquals(List.of((long) KadFrameReader.RESERVATION_STEP), asked);
            assertEquals(KadFrameReader.RESERVATION_STEP, r.reserved());
        } finally {
            r.release();
        }
    }

    @Test
    void aLargeMessageIsReservedAsItArrivesUpToTheLimit() {
        KadFrameReader r = reader(Long.MAX_VALUE);
        try {
            r.append(Unpooled.wrappedBuffer(Varint.encode(KadProtocol.MAX_MESSAGE_SIZE)));
            byte[] chunk = new byte[64 * 1024];
            for (int sent = 0; sent < KadProtocol.MAX_MESSAGE_SIZE; sent += chunk.length) {
                assertNull(r.next());
                r.append(Unpooled.wrappedBuffer(chunk));
                assertEquals(Math.min(KadFrameReader.MAX_BUFFERED_BYTES,
                        (sent + chunk.length + 3 + KadFrameReader.RESERVATION_STEP - 1)
                                / KadFrameReader.RESERVATION_STEP * KadFrameReader.RESERVATION_STEP), r.reserved());
            }
            assertEquals(KadProtocol.MAX_MESSAGE_SIZE, r.next().length);
            assertEquals(KadFrameReader.MAX_BUFFERED_BYTES, r.reserved());
            assertEquals(KadFrameReader.MAX_BUFFERED_BYTES, asked.stream().mapToLong(Long::longValue).sum());
        } finally {
            r.release();
        }
    }

    @Test
    void aRefusedReservationFailsTheRead() {
        KadFrameReader r = reader(KadFrameReader.RESERVATION_STEP);
        try {
            r.append(Unpooled.wrappedBuffer(Varint.encode(100_000)));
            r.append(Unpooled.wrappedBuffer(new byte[KadFrameReader.RESERVATION_STEP - 3]));
            KadException e = assertThrows(KadException.class,
                    () -> r.append(Unpooled.wrappedBuffer(new byte[1])));
            assertEquals("no memory to buffer " + (KadFrameReader.RESERVATION_STEP + 1) + " bytes", e.getMessage());
        } finally {
            r.release();
        }
    }

    @Test
    void lengthsOverTheLimitFailFromTheirPrefix() {
        KadFrameReader r = reader(Long.MAX_VALUE);
        try {
            r.append(Unpooled.wrappedBuffer(Varint.encode(KadProtocol.MAX_MESSAGE_SIZE + 1)));
            assertThrows(KadException.class, r::next);
        } finally {
            r.release();
        }
    }
}
