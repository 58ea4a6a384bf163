package io.hypha.node.cli;

import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.repo.Repo;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hypha dag}: Kubo's {@code ipfs dag get|put|stat} (IPLD nodes) and {@code export|import} (CARv1), through
 * the daemon or on the local repository.
 */
@Command(name = "dag", description = "Read and write IPLD nodes; export and import DAGs as CAR files.",
        subcommands = {DagCommand.Get.class, DagCommand.Put.class, DagCommand.Stat.class, DagCommand.Export.class,
            DagCommand.Import.class})
final class DagCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: get, put, stat, export or import");
    }

    @Command(name = "get", description = "Write the IPLD node at CID[/path] to stdout (dag-json by default).")
    static final class Get implements Callable<Integer> {
        @Parameters(paramLabel = "CID[/PATH]", description = "The node, and a path through its fields and links.")
        String ref;

        @Option(names = "--output-codec", defaultValue = "dag-json", paramLabel = "CODEC",
                description = "dag-json, dag-cbor or raw (default: ${DEFAULT-VALUE}).")
        String codec;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintStream out = HyphaCli.binaryOut(spec);
            CliRepo.cid(RefsCommand.root(ref));
            try (CliNode node = CliNode.open(spec)) {
                if (node.api() != null) {
                    try (InputStream in = node.api().stream("dag/get", List.of(ref), ApiClient.opts("output-codec", codec))) {
                        in.transferTo(out);
                    }
                } else {
                    Cid root = CliRepo.cid(RefsCommand.root(ref));
                    out.write(CliRepo.await(node.content().dagGet(root, RefsCommand.rest(ref), codec)));
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "put", description = {"Store IPLD nodes read from files (or stdin) and print their CIDs.",
        "Input is dag-json by default, stored as dag-cbor."})
    static final class Put implements Callable<Integer> {
        /** Largest node read from a file or stdin (the block limit with room for a text encoding). */
        static final int MAX_INPUT_BYTES = 4 * 1024 * 1024;

        @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files holding one node each (default: stdin).")
        List<Path> files;

        @Option(names = "--input-codec", defaultValue = "dag-json", paramLabel = "CODEC",
                description = "How the input is encoded: dag-json, dag-cbor or raw (default: ${DEFAULT-VALUE}).")
        String inputCodec;

        @Option(names = "--store-codec", defaultValue = "dag-cbor", paramLabel = "CODEC",
                description = "How the node is stored: dag-cbor, dag-json, dag-pb or raw (default: ${DEFAULT-VALUE}).")
        String storeCodec;

        @Option(names = "--hash", defaultValue = "sha2-256", paramLabel = "NAME", description = "Multihash function (default: ${DEFAULT-VALUE}).")
        String hash;

        @Option(names = "--pin", arity = "0..1", defaultValue = "false", fallbackValue = "true", paramLabel = "BOOL",
                description = "Pin the stored nodes (default: ${DEFAULT-VALUE}).")
        boolean pin;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            List<byte[]> nodes = new java.util.ArrayList<>();
            if (files == null || files.isEmpty()) {
                nodes.add(read(System.in, "stdin"));
            } else {
                for (Path f : files) {
                    try (InputStream in = Files.newInputStream(f)) {
                        nodes.add(read(in, f.toString()));
                    } catch (NoSuchFileException e) {
                        throw new NoSuchFileException(f + ": no such file");
                    }
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            try (CliNode node = CliNode.open(spec)) {
                for (byte[] data : nodes) {
                    if (node.api() != null) {
                        MultipartUpload upload = MultipartUpload.bytes(data);
                        node.api().lines("dag/put", List.of(), ApiClient.opts("input-codec", inputCodec, "store-codec",
                                storeCodec, "hash", hash, "pin", Boolean.toString(pin)), upload.body(),
                                upload.contentType(), line -> out.println(line.path("Cid").path("/").asText()));
                    } else {
                        out.println(CliRepo.await(node.content().dagPut(data, inputCodec, storeCodec, hash, pin)));
                    }
                }
            }
            out.flush();
            return 0;
        }

        private static byte[] read(InputStream in, String what) throws IOException {
            byte[] data = in.readNBytes(MAX_INPUT_BYTES + 1);
            if (data.length > MAX_INPUT_BYTES) {
                throw new IOException(what + " holds more than " + MAX_INPUT_BYTES + " bytes: too large for one node");
            }
            return data;
        }
    }

    @Command(name = "stat", description = "Print the size and block count of the DAGs under the given CIDs.")
    static final class Stat implements Callable<Integer> {
        @Parameters(paramLabel = "CID", arity = "1..*")
        List<String> refs;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            for (String r : refs) {
                CliRepo.cid(RefsCommand.root(r));
            }
            try (CliNode node = CliNode.open(spec)) {
                if (node.api() != null) {
                    com.fasterxml.jackson.databind.JsonNode[] last = {null};
                    node.api().lines("dag/stat", refs, ApiClient.opts("progress", "false"), line -> last[0] = line);
                    var s = last[0];
                    List<String[]> rows = new java.util.ArrayList<>();
                    for (var root : s.path("DagStats")) {
                        rows.add(new String[] {root.path("Cid").asText(), Long.toString(root.path("NumBlocks").asLong()),
                                Long.toString(root.path("Size").asLong())});
                    }
                    print(out, rows, s.path("TotalSize").asLong(), s.path("UniqueBlocks").asLong(),
                            s.path("SharedSize").asLong(), s.path("Ratio").asDouble());
                } else {
                    List<Cid> roots = new java.util.ArrayList<>();
                    for (String r : refs) {
                        roots.add(CliRepo.await(node.content().resolve(CliRepo.cid(RefsCommand.root(r)), RefsCommand.rest(r))));
                    }
                    io.hypha.node.dag.DagStat s = CliRepo.await(node.content().dagStat(roots));
                    List<String[]> rows = new java.util.ArrayList<>();
                    for (var root : s.roots()) {
                        rows.add(new String[] {root.cid().toString(), Long.toString(root.numBlocks()),
                                Long.toString(root.size())});
                    }
                    // through the float the daemon's JSON carries, so both paths print the same ratio
                    print(out, rows, s.totalSize(), s.uniqueBlocks(), s.sharedSize(), (double) s.ratio());
                }
            }
            out.flush();
            return 0;
        }

        /** Kubo's text: a row per root, then the summary. */
        private static void print(PrintWriter out, List<String[]> rows, long total, long unique, long shared, double ratio) {
            out.printf(java.util.Locale.ROOT, "%-62s\t%-8s\t%s%n", "CID", "Blocks", "Size");
            for (String[] r : rows) {
                out.printf(java.util.Locale.ROOT, "%-62s\t%-8s\t%s%n", r[0], r[1], r[2]);
            }
            out.println();
            out.println("Summary");
            out.println("Total Size: " + total);
            out.println("Unique Blocks: " + unique);
            out.println("Shared Size: " + shared);
            out.printf(java.util.Locale.ROOT, "Ratio: %.6f%n", ratio);
        }
    }

    @Command(name = "export", description = "Write the DAG under CID to stdout as a CARv1.")
    static final class Export implements Callable<Integer> {
        @Parameters(paramLabel = "CID")
        String cid;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Cid root = CliRepo.cid(cid);
            PrintStream out = HyphaCli.binaryOut(spec);
            try (CliNode node = CliNode.open(spec)) {
                if (node.api() != null) {
                    try (InputStream in = node.api().stream("dag/export", List.of(root.toString()), Map.of())) {
                        in.transferTo(out);
                    }
                } else {
                    CliRepo.await(node.content().dagExport(List.of(root), out));
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "import", description = "Import the blocks of CAR files and pin their roots.")
    static final class Import implements Callable<Integer> {
        /** Read buffer for CAR files. */
        static final int READ_BUFFER = 1 << 16;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "CAR files to import.")
        List<Path> files;

        @Option(names = "--pin-roots", arity = "0..1", defaultValue = "true", fallbackValue = "true", paramLabel = "BOOL",
                description = "Pin the roots of the CARs (default: ${DEFAULT-VALUE}).")
        boolean pinRoots;

        @Option(names = "--stats", description = "Print the number of blocks and bytes imported.")
        boolean stats;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            for (Path f : files) {
                if (!Files.isRegularFile(f)) {
                    throw new NoSuchFileException(f + ": no such file");
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            long blocks = 0;
            long bytes = 0;
            try (CliNode node = CliNode.open(spec)) {
                if (node.api() != null) {
                    MultipartUpload upload = MultipartUpload.files(files);
                    long[] counted = new long[2];
                    node.api().lines("dag/import", List.of(), ApiClient.opts("pin-roots", Boolean.toString(pinRoots),
                            "stats", "true"), upload.body(), upload.contentType(), line -> {
                                if (line.has("Root") && pinRoots) {
                                    out.println("Pinned root\t" + line.path("Root").path("Cid").path("/").asText()
                                            + "\tsuccess");
                                } else if (line.has("Stats")) {
                                    counted[0] += line.path("Stats").path("BlockCount").asLong();
                                    counted[1] += line.path("Stats").path("BlockBytesCount").asLong();
                                }
                            });
                    blocks = counted[0];
                    bytes = counted[1];
                } else {
                    for (Path f : files) {
                        try (InputStream in = new BufferedInputStream(Files.newInputStream(f), READ_BUFFER)) {
                            Content.DagImportResult r = CliRepo.await(node.content().dagImport(in, pinRoots));
                            blocks += r.blocks();
                            bytes += r.bytes();
                            for (Cid root : r.pinned()) {
                                out.println("Pinned root\t" + root + "\tsuccess");
                            }
                        }
                    }
                }
            }
            if (stats) {
                out.println("Imported " + blocks + " blocks (" + bytes + " bytes)");
            }
            out.flush();
            return 0;
        }
    }
}
