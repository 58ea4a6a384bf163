package io.hypha.node.car;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.block.Blockstore;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Varint;
import io.hypha.node.TestVectors;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarReaderTest {
    /** Offsets of each section in a CAR, recomputed independently of the reader. */
    private record Section(long offset, int length) {}

    private static List<Section> sections(byte[] car) {
        List<Section> out = new ArrayList<>();
        Varint.Decoded header = Varint.decode(car, 0);
        int pos = header.length() + (int) header.value();
        while (pos < car.length) {
            Varint.Decoded len = Varint.decode(car, pos);
            out.add(new Section(pos, len.length() + (int) len.value()));
            pos += len.length() + (int) len.value();
        }
        return out;
    }

    private static List<Block> readAll(byte[] car) throws IOException {
        List<Block> blocks = new ArrayList<>();
        try (CarReader r = CarReader.open(new ByteArrayInputStream(car))) {
            for (var b = r.next(); b.isPresent(); b = r.next()) {
                blocks.add(b.get());
            }
        }
        return blocks;
    }

    @Test
    void everyFixtureReadsAndVerifies() throws IOException {
        int total = 0;
        for (Path car : TestVectors.carFiles()) {
            byte[] bytes = Files.readAllBytes(car);
            List<Block> blocks = readAll(bytes);
            assertEquals(sections(bytes).size(), blocks.size(), car.toString());
            blocks.forEach(b -> assertTrue(b.hashMatches()));
            total += blocks.size();
        }
        assertTrue(total > 50, "fixtures hold " + total + " blocks");
    }

    @Test
    void headerRootsAreRead() throws IOException {
        try (CarReader r = CarReader.open(Files.newInputStream(TestVectors.car("dir-with-files.car")))) {
            assertEquals(List.of(Cid.decode("bafybeihchr7vmgjaasntayyatmp5sv6xza57iy2h4xj7g46bpjij6yhrmy")), r.roots());
        }
        try (CarReader r = CarReader.open(Files.newInputStream(TestVectors.car("symlink.car")))) {
            assertEquals(List.of(Cid.decode("QmWvY6FaqFMS89YAQ9NAPjVP4WZKA1qbHbicc9HeSKQTgt")), r.roots());
        }
    }

    @Test
    void aFlippedBitInABlockIsReportedWithItsSectionAndOffset() throws IOException {
        byte[] car = Files.readAllBytes(TestVectors.car("dir-with-files.car"));
        List<Section> sections = sections(car);
        List<Block> blocks = readAll(car);
        for (int i = 0; i < sections.size(); i++) {
            Section s = sections.get(i);
            byte[] damaged = car.clone();
            damaged[(int) s.offset() + s.length() - 1] ^= 0x01; // last byte of the block's data
            int index = i;
            CarFormatException e = assertThrows(CarFormatException.class, () -> readAll(damaged));
            assertEquals(index, e.section());
            assertEquals(s.offset(), e.offset());
            assertEquals("CAR section " + index + " at byte offset " + s.offset() + ": block "
                    + blocks.get(index).cid() + " does not match its hash", e.getMessage());
        }
    }

    @Test
    void aTruncatedCarIsReportedWhereItEnds() throws IOException {
        byte[] car = Files.readAllBytes(TestVectors.car("symlink.car"));
        List<Section> sections = sections(car);
        int headerEnd = (int) sections.get(0).offset();
        for (int cut = 1; cut < car.length; cut++) {
            int at = cut;
            boolean boundary = at == headerEnd || sections.stream().anyMatch(s -> s.offset() == at);
            byte[] truncated = java.util.Arrays.copyOf(car, cut);
            if (boundary) {
                readAll(truncated); // CARv1 has no trailer: a cut between sections is a shorter, valid CAR
                continue;
            }
            CarFormatException e = assertThrows(CarFormatException.class, () -> readAll(truncated), "cut at " + cut);
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            if (cut < headerEnd) {
                assertEquals(CarFormatException.HEADER, e.section());
            } else {
                Section s = sections.stream().filter(x -> x.offset() < at && at < x.offset() + x.length())
                        .findFirst().orElseThrow();
                assertEquals(sections.indexOf(s), e.section());
                assertEquals(s.offset(), e.offset());
            }
        }
    }

    @Test
    void sectionLengthsAreBounded() {
        byte[] header = new CarHeader(List.of()).encode();
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        car.writeBytes(Varint.encode(header.length));
        car.writeBytes(header);
        long sectionAt = car.size();
        car.writeBytes(Varint.encode(CarReader.MAX_SECTION_BYTES + 1L));
        CarFormatException e = assertThrows(CarFormatException.class, () -> readAll(car.toByteArray()));
        assertEquals(0, e.section());
        assertEquals(sectionAt, e.offset());
        assertTrue(e.getMessage().contains("exceeds the limit of " + CarReader.MAX_SECTION_BYTES), e.getMessage());
        assertTrue(CarReader.MAX_SECTION_BYTES > Blockstore.MAX_BLOCK_SIZE);
    }

    @Test
    void headerLengthIsBounded() {
        byte[] car = Varint.encode(CarReader.MAX_HEADER_BYTES + 1L);
        CarFormatException e = assertThrows(CarFormatException.class, () -> readAll(car));
        assertEquals(CarFormatException.HEADER, e.section());
        assertTrue(e.getMessage().startsWith("CAR header at byte offset 0: length"), e.getMessage());
    }

    @Test
    void zeroLengthSectionsAreRejected() {
        byte[] header = new CarHeader(List.of()).encode();
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        car.writeBytes(Varint.encode(header.length));
        car.writeBytes(header);
        car.write(0);
        CarFormatException e = assertThrows(CarFormatException.class, () -> readAll(car.toByteArray()));
        assertTrue(e.getMessage().contains("section length is zero"), e.getMessage());
    }

    @Test
    void aCarV2PragmaIsRefusedClearly() {
        // the CARv2 pragma: a header {"version": 2}
        byte[] car = HexFormat.of().parseHex("0aa16776657273696f6e02");
        CarFormatException e = assertThrows(CarFormatException.class, () -> readAll(car));
        assertTrue(e.getMessage().contains("CARv2"), e.getMessage());
    }

    @Test
    void anInvalidCidInASectionIsReported() {
        byte[] header = new CarHeader(List.of()).encode();
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        car.writeBytes(Varint.encode(header.length));
        car.writeBytes(header);
        car.writeBytes(HexFormat.of().parseHex("03" + "020170")); // version 2 is reserved
        CarFormatException e = assertThrows(CarFormatException.class, () -> readAll(car.toByteArray()));
        assertTrue(e.getMessage().contains("invalid CID"), e.getMessage());
    }
}
