package io.hypha.node.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.peer.PeerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs the command line in-process and checks what it prints and how it exits. */
class CliTest {
    private static final String HELLO_V0 = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";
    private static final String HELLO_V1 = "bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mby";
    private static final String HELLO_RAW = "bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4";

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    @Test
    void version() {
        CliRun r = run("version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("hypha version "), r.out());
    }

    @Test
    void cidConversions() {
        assertEquals(HELLO_V1 + "\n", run("cid", "format", "-v", "1", "-b", "base32", HELLO_V0).out());
        assertEquals(HELLO_V1 + "\n", run("cid", "base32", HELLO_V0).out());
        assertEquals(HELLO_V0 + "\n", run("cid", "format", "-v", "0", HELLO_V1).out());
        assertEquals(HELLO_V1 + "\n", run("cid", "format", "-b", "base32", HELLO_V0).out());
        // Without -b the input's base is kept.
        assertEquals(HELLO_V0 + "\n", run("cid", "format", HELLO_V0).out());
        assertEquals(HELLO_RAW + "\n", run("cid", "format", HELLO_RAW).out());
        CliRun two = run("cid", "base32", HELLO_V0, HELLO_RAW);
        assertEquals(HELLO_V1 + "\n" + HELLO_RAW + "\n", two.out());
    }

    @Test
    void cidFormatDirectives() {
        assertEquals("cidv0-dag-pb-sha2-256-32\n", run("cid", "format", "-f", "%P", HELLO_V0).out());
        assertEquals("cidv1-raw-sha2-256-32\n", run("cid", "format", "-f", "%P", HELLO_RAW).out());
        assertEquals("1 85 18 32 base32 b%\n", run("cid", "format", "-f", "%V %C %H %L %b %B%%", HELLO_RAW).out());
        assertEquals("raw sha2-256 cidv1\n", run("cid", "format", "-f", "%c %h %v", HELLO_RAW).out());
        CliRun bad = run("cid", "format", "-f", "%Q", HELLO_RAW);
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("unrecognized specifier"), bad.err());
    }

    @Test
    void badCidsGiveOneLineEachAndNonZeroExit() {
        CliRun r = run("cid", "format", "-v", "0", HELLO_RAW);
        assertEquals(1, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("dag-pb"), r.err());

        CliRun garbage = run("cid", "base32", "not-a-cid", HELLO_V0);
        assertEquals(1, garbage.exit());
        assertEquals(HELLO_V1 + "\n", garbage.out());
        assertTrue(garbage.err().startsWith("Error: not-a-cid: "), garbage.err());

        CliRun badVersion = run("cid", "format", "-v", "2", HELLO_V0);
        assertEquals(2, badVersion.exit());
        CliRun badBase = run("cid", "format", "-b", "base99", HELLO_V0);
        assertEquals(1, badBase.exit());
        assertEquals(1, badBase.err().lines().count(), badBase.err());
    }

    @Test
    void multibaseEncodeDecode() throws IOException {
        Path in = dir.resolve("in.txt");
        Files.writeString(in, "yes mani !");
        CliRun enc = run("multibase", "encode", "-b", "base58btc", in.toString());
        assertEquals(0, enc.exit(), enc.err());
        assertEquals("z7paNL19xttacUY", enc.out());
        assertEquals("meWVzIG1hbmkgIQ", run("multibase", "encode", "-b", "base64", in.toString()).out());
        assertEquals("k2lcpzo5yikidynfl", run("multibase", "encode", "-b", "base36", in.toString()).out());

        Path text = dir.resolve("enc.txt");
        Files.writeString(text, "bpfsxgidnmfxgsibb\n");
        CliRun dec = run("multibase", "decode", text.toString());
        assertEquals(0, dec.exit(), dec.err());
        assertArrayEquals("yes mani !".getBytes(StandardCharsets.US_ASCII), dec.bytes());
    }

    @Test
    void multibaseBadInput() throws IOException {
        CliRun missing = run("multibase", "encode", dir.resolve("nope").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "z0OIl");
        CliRun dec = run("multibase", "decode", bad.toString());
        assertEquals(1, dec.exit());
        assertEquals(1, dec.err().lines().count(), dec.err());
        Files.writeString(bad, "?abc");
        assertEquals(1, run("multibase", "decode", bad.toString()).exit());
    }

    @ParameterizedTest
    @CsvSource({"ed25519,ED25519,12D3KooW", "secp256k1,SECP256K1,16Uiu2HA", "ecdsa,ECDSA,Qm", "rsa,RSA,Qm"})
    void keyGenWritesAKeyWhosePeerIdIsPrinted(String type, KeyType keyType, String idPrefix) throws IOException {
        Path file = dir.resolve(type + ".key");
        CliRun r = run("key", "gen", "--type", type, "--out", file.toString());
        assertEquals(0, r.exit(), r.err());
        String printed = r.out().strip();
        assertTrue(printed.startsWith(idPrefix), printed);
        PrivateKey key = PrivateKey.decode(Files.readAllBytes(file));
        assertEquals(keyType, key.type());
        assertEquals(PeerId.parse(printed), PeerId.fromPublicKey(key.publicKey()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void keyGenBadInput() throws IOException {
        Path file = dir.resolve("k");
        assertEquals(2, run("key", "gen", "--type", "dsa", "--out", file.toString()).exit());
        assertEquals(2, run("key", "gen", "--type", "ed25519", "--size", "2048", "--out", file.toString()).exit());
        CliRun small = run("key", "gen", "--type", "rsa", "--size", "1024", "--out", file.toString());
        assertEquals(1, small.exit());
        assertEquals(1, small.err().lines().count(), small.err());
        Files.writeString(file, "keep me");
        CliRun exists = run("key", "gen", "--out", file.toString());
        assertEquals(1, exists.exit());
        assertTrue(exists.err().contains("already exists"), exists.err());
        assertEquals("keep me", Files.readString(file));
        assertEquals(2, run("key", "gen").exit());
    }
}
