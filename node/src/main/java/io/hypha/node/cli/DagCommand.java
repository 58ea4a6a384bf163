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

/** {@code hypha dag}: Kubo's {@code ipfs dag export} and {@code import} (CARv1) on the local repository. */
@Command(name = "dag", description = "Export and import DAGs as CAR files.",
        subcommands = {DagCommand.Export.class, DagCommand.Import.class})
final class DagCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: export or import");
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
