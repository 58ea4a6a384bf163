package io.hypha.node.unixfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.multiformats.Multicodec;
import io.hypha.node.TestVectors;
import io.hypha.node.car.CarReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every dag-pb block in the gateway-conformance CAR fixtures decodes and re-encodes byte for byte. */
class DagPbVectorsTest {
    @Test
    void everyDagPbBlockInTheFixturesRoundTrips() throws IOException {
        int dagPb = 0;
        int withUnixfs = 0;
        for (Path car : TestVectors.carFiles()) {
            try (CarReader reader = CarReader.open(Files.newInputStream(car))) {
                for (var next = reader.next(); next.isPresent(); next = reader.next()) {
                    Block block = next.get();
                    if (block.cid().codec() != Multicodec.DAG_PB.code()) {
                        continue;
                    }
                    dagPb++;
                    PbNode node = DagPb.decode(block.data());
                    assertArrayEquals(block.data(), DagPb.encode(node), car.getFileName() + " " + block.cid());
                    if (node.hasData()) {
                        UnixfsData unixfs = node.unixfs();
                        assertArrayEquals(node.data(), unixfs.encode(), car.getFileName() + " " + block.cid());
                        withUnixfs++;
                    }
                }
            }
        }
        assertTrue(dagPb > 20, "expected the fixtures to hold many dag-pb blocks, found " + dagPb);
        assertEquals(dagPb, withUnixfs, "every fixture dag-pb block carries UnixFS data");
    }

    @Test
    void theSpecAppendixFileRootDecodes() throws IOException {
        // SPEC-NOTES 2.4: multiblock.txt in dir-with-files.car is a 245-byte root over 4x256 + 2 raw leaves
        Path car = TestVectors.car("dir-with-files.car");
        try (CarReader reader = CarReader.open(Files.newInputStream(car))) {
            for (var next = reader.next(); next.isPresent(); next = reader.next()) {
                Block block = next.get();
                if (!block.cid().toString().equals("bafybeigcisqd7m5nf3qmuvjdbakl5bdnh4ocrmacaqkpuh77qjvggmt2sa")) {
                    continue;
                }
                assertEquals(245, block.size());
                PbNode node = DagPb.decode(block.data());
                assertEquals(5, node.links().size());
                node.links().forEach(l -> assertEquals("", l.name()));
                assertEquals(java.util.List.of(256L, 256L, 256L, 256L, 2L),
                        node.links().stream().map(PbLink::tsize).toList());
                UnixfsData unixfs = node.unixfs();
                assertEquals(UnixfsType.FILE, unixfs.type());
                assertEquals(1026L, unixfs.filesize());
                assertEquals(java.util.List.of(256L, 256L, 256L, 256L, 2L), unixfs.blocksizes());
                return;
            }
        }
        throw new AssertionError("multiblock.txt root not found in " + car);
    }
}
