package io.hypha.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hypha.node.cli.HyphaCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code hypha add} and Kubo's {@code ipfs add} (v0.43.1, {@link Kubo}) give the same root CID for the same input
 * and options: files at the chunk and link-count boundaries, a nested directory tree with a symlink, an empty
 * directory and a non-ASCII name, and a directory past the HAMT threshold; with the default options and each of
 * {@code --cid-version}, {@code --raw-leaves}, {@code --chunker size-N}, {@code --trickle},
 * {@code --wrap-with-directory}, and both IPIP-499 profiles (a Kubo repo with the profile applied against
 * {@code hypha add --profile}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KuboUnixfsParityTest {
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final long SEED = 0x4b75626fL;
    /** Around the chunk sizes of both profiles, past the 174-link file node of v0, and a 64 MiB file. */
    private static final long[] SIZES = {0, 1, 256 * KIB, 256 * KIB + 1, MIB + 1, 174L * 256 * KIB + 1,
        64L * MIB + 7};
    /** Entries of the sharded directory: past the 256 KiB HAMT threshold by either size estimate. */
    private static final int SHARDED_DIR_FILES = 4000;

    /**
     * Kubo repos by import profile: "default" (Kubo's defaults, nothing chosen: {@code --cid-version=1} implies raw
     * leaves), and each IPIP-499 profile applied (it chooses raw leaves, and {@code --cid-version} leaves them be).
     */
    private final Map<String, Kubo> kubos = new LinkedHashMap<>();
    private final Map<String, Path> inputs = new LinkedHashMap<>();
    private Path noRepo;

    @BeforeAll
    void setUp(@TempDir Path tmp) throws Exception {
        Kubo.binary(); // skips the class, saying what to install, where Go is missing
        noRepo = tmp.resolve("no-repo");
        kubos.put("default", Kubo.init(tmp.resolve("default")));
        kubos.put("unixfs-v0-2015", Kubo.init(tmp.resolve("v0"), "unixfs-v0-2015"));
        kubos.put("unixfs-v1-2025", Kubo.init(tmp.resolve("v1"), "unixfs-v1-2025"));
        SplittableRandom random = new SplittableRandom(SEED);
        for (long size : SIZES) {
            Path f = UnixfsInputs.file(tmp, size, random);
            inputs.put(f.getFileName().toString(), f);
        }
        inputs.put("tree", UnixfsInputs.tree(tmp, random));
        inputs.put("sharded", UnixfsInputs.sharded(tmp, SHARDED_DIR_FILES, random));
    }

    @AfterAll
    void tearDown() throws InterruptedException {
        for (Kubo k : kubos.values()) {
            k.close();
        }
    }

    /**
     * Each option set under a Kubo repo's profile; the same flags go to both commands, and Hypha gets the profile as
     * {@code --profile} (none for "default").
     */
    Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        List<List<String>> optionSets = List.of(List.of(), List.of("--cid-version=1"), List.of("--raw-leaves"),
                List.of("--chunker=size-65536"), List.of("--trickle"), List.of("--wrap-with-directory"),
                List.of("--cid-version=1", "--trickle", "--chunker=size-1000"));
        for (String input : inputs.keySet()) {
            for (List<String> options : optionSets) {
                all.add(Arguments.of("default", options, input));
            }
            all.add(Arguments.of("unixfs-v0-2015", List.of(), input));
            all.add(Arguments.of("unixfs-v0-2015", List.of("--cid-version=1"), input));
            all.add(Arguments.of("unixfs-v1-2025", List.of(), input));
            all.add(Arguments.of("unixfs-v1-2025", List.of("--trickle"), input));
            all.add(Arguments.of("unixfs-v1-2025", List.of("--cid-version=0"), input));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void sameRootCid(String profile, List<String> options, String input) throws Exception {
        Path path = inputs.get(input);
        List<String> args = new ArrayList<>(List.of("add", "--only-hash", "--quieter"));
        if (Files.isDirectory(path)) {
            args.add("--recursive");
        }
        args.addAll(options);
        List<String> kuboArgs = new ArrayList<>(args);
        kuboArgs.add(path.toString());
        String kubo = kubos.get(profile).run(kuboArgs.toArray(String[]::new)).strip();

        List<String> hyphaArgs = new ArrayList<>(args);
        if (!profile.equals("default")) {
            hyphaArgs.add("--profile=" + profile);
        }
        hyphaArgs.add("--repo-dir=" + noRepo); // only the flags count, never a repo's Import settings
        hyphaArgs.add(path.toString());
        assertEquals(kubo, hypha(hyphaArgs), "ipfs " + String.join(" ", kuboArgs));
    }

    /** What {@code hypha args...} prints (the command run in-process, as its main would). */
    private static String hypha(List<String> args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = HyphaCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args.toArray(String[]::new));
        if (exit != 0) {
            throw new IOException("hypha " + String.join(" ", args) + " exited " + exit + ": " + err);
        }
        return out.toString().strip();
    }
}
