package io.hypha.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.node.cli.HyphaCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line's output against Kubo 0.43.1's for the same input, each on its own repo offline (no daemon):
 * {@code add} (plain, {@code -q}, {@code -Q}, {@code -r}, {@code -w}), {@code ls}, {@code pin ls}, {@code cat}, and
 * the fields of {@code id}'s JSON; byte for byte where the output describes the content.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KuboCliParityTest {
    /** The empty UnixFS directory, which {@code ipfs init} pins. */
    static final String KUBO_INIT_PIN = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";

    private Kubo kubo;
    private Path hyphaRepo;
    private Path file;
    private Path dir;

    @BeforeAll
    void setUp(@TempDir Path tmp) throws Exception {
        Kubo.binary(); // skips the class, saying what to install, where Go is missing
        kubo = Kubo.init(tmp.resolve("kubo"));
        hyphaRepo = tmp.resolve("hypha");
        hypha("init", "--profile=test");
        byte[] data = new byte[700_000];
        new Random(5).nextBytes(data);
        file = Files.write(tmp.resolve("data.bin"), data);
        dir = Files.createDirectories(tmp.resolve("tree/sub/deeper"));
        dir = tmp.resolve("tree");
        Files.writeString(dir.resolve("a.txt"), "hello\n");
        Files.writeString(dir.resolve("sub/b.txt"), "bee");
        Files.write(dir.resolve("sub/deeper/big.bin"), data);
        Files.createDirectories(dir.resolve("empty"));
    }

    /** {@code hypha args...} on the test's repo, in-process as its main would run it: what it printed as text. */
    private String hypha(String... args) throws IOException {
        Output o = run(args);
        return o.text + new String(o.bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The raw bytes {@code hypha args...} wrote ({@code cat}, {@code dag export} and their kind). */
    private byte[] hyphaBytes(String... args) throws IOException {
        return run(args).bytes;
    }

    private record Output(String text, byte[] bytes) {}

    private Output run(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--repo-dir=" + hyphaRepo);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        CommandLine cl = HyphaCli.commandLine(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(all.toArray(String[]::new));
        if (exit != 0) {
            throw new IOException("hypha " + String.join(" ", all) + " exited " + exit + ": " + err);
        }
        return new Output(out.toString(), bytes.toByteArray());
    }

    /** What {@code ipfs args...} wrote to its stdout, byte for byte. */
    private byte[] kuboBytes(String... args) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        kubo.stream(out, args);
        return out.toByteArray();
    }

    private void same(String... args) throws Exception {
        assertEquals(kubo.run(args), hypha(args), "ipfs/hypha " + String.join(" ", args));
    }

    @Test
    void addPrintsWhatKuboPrints() throws Exception {
        same("add", file.toString());
        same("add", "-q", file.toString());
        same("add", "-Q", "--cid-version=1", file.toString());
        same("add", "-r", dir.toString());
        same("add", "-r", "-q", "--raw-leaves", dir.toString());
        same("add", "-w", file.toString());
    }

    @Test
    void lsAndCatPrintWhatKuboPrints() throws Exception {
        String root = kubo.run("add", "-Q", "-r", dir.toString()).strip();
        assertEquals(root, hypha("add", "-Q", "-r", dir.toString()).strip());
        same("ls", root);
        same("ls", "-v", root);
        same("ls", root + "/sub");
        same("cat", root + "/a.txt");
        same("cat", root + "/sub/b.txt");
    }

    @Test
    void pinLsPrintsWhatKuboPrints() throws Exception {
        String root = kubo.run("add", "-Q", "-r", dir.toString()).strip();
        assertEquals(root, hypha("add", "-Q", "-r", dir.toString()).strip());
        // the listing's order is each store's; the lines are compared as sets. Kubo's init pins the empty directory
        // (its MFS root); Hypha has no MFS and pins nothing at init, so that line is Kubo's alone
        TreeSet<String> kuboPins = lines(kubo.run("pin", "ls", "--type=recursive"));
        kuboPins.remove(KUBO_INIT_PIN + " recursive");
        assertEquals(kuboPins, lines(hypha("pin", "ls", "--type=recursive")));
        // the tree holds an empty directory: pinned indirectly in Hypha, recursively (by init) in Kubo
        TreeSet<String> hyphaIndirect = lines(hypha("pin", "ls", "--type=indirect"));
        hyphaIndirect.remove(KUBO_INIT_PIN + " indirect");
        TreeSet<String> kuboIndirect = lines(kubo.run("pin", "ls", "--type=indirect"));
        TreeSet<String> onlyKubo = new TreeSet<>(kuboIndirect);
        onlyKubo.removeAll(hyphaIndirect);
        TreeSet<String> onlyHypha = new TreeSet<>(hyphaIndirect);
        onlyHypha.removeAll(kuboIndirect);
        assertEquals(onlyKubo, onlyHypha, "indirect pins only one side lists");
        same("pin", "ls", root);
    }

    /**
     * CAR files both ways: each side imports the other's {@code dag export} and reads the same bytes from it, and
     * both export the same DAG as the same bytes (CARv1, the blocks in the same depth-first order).
     */
    @Test
    void eachImportsTheOthersCarExport(@TempDir Path tmp) throws Exception {
        // Kubo's DAG into Hypha: a tree with raw leaves, so that it is not the one Hypha already holds
        String kuboRoot = kubo.run("add", "-Q", "-r", "--cid-version=1", dir.toString()).strip();
        Path kuboCar = Files.write(tmp.resolve("kubo.car"), kuboBytes("dag", "export", kuboRoot));
        hypha("dag", "import", kuboCar.toString());
        String big = "/sub/deeper/big.bin";
        assertArrayEquals(kuboBytes("cat", kuboRoot + big), hyphaBytes("cat", kuboRoot + big));
        assertEquals(kubo.run("ls", kuboRoot + "/sub"), hypha("ls", kuboRoot + "/sub"));

        // Hypha's DAG into Kubo: a trickle DAG with small chunks, of which Kubo holds nothing
        String hyphaRoot = hypha("add", "-Q", "-r", "--trickle", "--chunker=size-4096", dir.toString()).strip();
        byte[] hyphaCar = hyphaBytes("dag", "export", hyphaRoot);
        kubo.run("dag", "import", Files.write(tmp.resolve("hypha.car"), hyphaCar).toString());
        assertArrayEquals(hyphaBytes("cat", hyphaRoot + big), kuboBytes("cat", hyphaRoot + big));

        // the same DAG exported by each: the same bytes (CARv1, blocks in the same depth-first order)
        assertArrayEquals(hyphaCar, kuboBytes("dag", "export", hyphaRoot), "the CARs Kubo and Hypha export");
        assertArrayEquals(kuboBytes("dag", "export", kuboRoot), hyphaBytes("dag", "export", kuboRoot));
    }

    @Test
    void idHasKubosFields() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode k = json.readTree(kubo.run("id"));
        JsonNode h = json.readTree(hypha("id"));
        assertEquals(fields(k), fields(h));
        assertEquals(k.path("ID").getNodeType(), h.path("ID").getNodeType());
        assertEquals(k.path("Addresses").getNodeType(), h.path("Addresses").getNodeType(), k + "\n" + h);
        assertEquals(k.path("Protocols").getNodeType(), h.path("Protocols").getNodeType(), k + "\n" + h);
    }

    private static TreeSet<String> fields(JsonNode n) {
        TreeSet<String> names = new TreeSet<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static TreeSet<String> lines(String text) {
        return new TreeSet<>(text.lines().toList());
    }
}
