package io.hypha.node.unixfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tar stream of Kubo's get: ustar where it fits, PAX records where not, read back by GNU tar. */
class TarWriterTest {
    @TempDir
    Path tmp;

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void longNamesAndTargetsAreReadBackExactly() throws Exception {
        String prefixed = "d/" + "p".repeat(120) + "/" + "n".repeat(90); // fits ustar's prefix and name fields
        String paxName = "d/" + "x".repeat(200) + "/" + "y".repeat(120); // fits no split: a PAX path record
        String target = "t".repeat(150); // a PAX linkpath record
        String unicode = "d/ž-ünïcode.txt"; // not ASCII: a PAX path record, as Go writes it
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter tar = new TarWriter(out, 1_700_000_000L);
        tar.directory("d");
        for (String name : new String[] {prefixed, paxName, unicode}) {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            tar.file(name, body.length);
            tar.body().write(body);
            tar.endFile();
        }
        tar.symlink("d/link", target);
        tar.finish();
        assertEquals(0, out.size() % 512);
        Path file = tmp.resolve("t.tar");
        Files.write(file, out.toByteArray());
        String listing = run("tar", "-tvf", file.toString());
        assertTrue(listing.contains("d/link -> " + target), listing);
        Path x = Files.createDirectories(tmp.resolve("x"));
        run("tar", "-xf", file.toString(), "-C", x.toString());
        for (String name : new String[] {prefixed, paxName, unicode}) {
            assertEquals(name, Files.readString(x.resolve(name)), "content of " + name);
        }
        assertEquals(target, Files.readSymbolicLink(x.resolve("d/link")).toString());
    }

    @Test
    void aSizeBeyondElevenOctalDigitsGoesInAPaxRecord() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TarWriter(out, 0).file("big", 9_000_000_000L);
        byte[] b = out.toByteArray();
        assertEquals('x', b[156], "an extended header first");
        String records = new String(b, 512, 512, StandardCharsets.UTF_8);
        assertTrue(records.startsWith("19 size=9000000000\n"), records);
        byte[] ustar = Arrays.copyOfRange(b, 1024, 1536);
        assertEquals("77777777777", new String(ustar, 124, 11, StandardCharsets.US_ASCII));
        assertEquals('0', ustar[156]);
    }
}
