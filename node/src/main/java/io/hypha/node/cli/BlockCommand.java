package io.hypha.node.cli;

import io.hypha.block.Block;
import io.hypha.block.Blockstore;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.node.Content;
import io.hypha.node.repo.Repo;
import io.hypha.node.unixfs.DagPb;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code hypha block}: Kubo's {@code ipfs block} (put, get, stat, rm) on the local repository. */
@Command(name = "block", description = "Store, read and remove single raw blocks.",
        subcommands = {BlockCommand.Put.class, BlockCommand.Get.class, BlockCommand.Stat.class, BlockCommand.Rm.class})
final class BlockCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: put, get, stat or rm");
    }

    /** The block of {@code cid}, failing with one line if it is missing (or corrupt: the store never serves those). */
    static Block get(Content content, Cid cid) throws IOException {
        return CliRepo.await(content.blockGet(cid));
    }

    @Command(name = "put", description = "Store FILE (or - for stdin) as one block and print its CID.")
    static final class Put implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The block's bytes; - reads standard input.")
        String file;

        @Option(names = "--cid-codec", defaultValue = "raw", description = "raw or dag-pb (default: ${DEFAULT-VALUE}).")
        String codec;

        @Option(names = "--mhtype", defaultValue = "sha2-256", description = "Multihash function (default: ${DEFAULT-VALUE}).")
        String mhtype;

        @Option(names = "--pin", arity = "0..1", defaultValue = "false", fallbackValue = "true", paramLabel = "BOOL",
                description = "Pin the block directly (default: ${DEFAULT-VALUE}).")
        boolean pin;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Multicodec mc = switch (codec.toLowerCase(Locale.ROOT)) {
                case "raw" -> Multicodec.RAW;
                case "dag-pb" -> Multicodec.DAG_PB;
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                        "unsupported --cid-codec '" + codec + "': use raw or dag-pb");
            };
            HashAlgorithm hash;
            try {
                hash = HashAlgorithm.forName(mhtype);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unknown --mhtype '" + mhtype + "'");
            }
            byte[] data = InputFiles.readAll(file);
            if (data.length > Blockstore.MAX_BLOCK_SIZE) {
                throw new IOException(file + " is " + data.length + " bytes; a block is at most "
                        + Blockstore.MAX_BLOCK_SIZE);
            }
            if (mc == Multicodec.DAG_PB) {
                DagPb.decode(data);
            }
            Block block = Block.of(mc, hash, data);
            try (CliNode node = CliNode.open(spec)) {
                if (node.api() != null) {
                    // the size was checked above, as offline: the daemon's 1 MiB soft limit is lifted to the same
                    MultipartUpload upload = MultipartUpload.bytes(data);
                    node.api().lines("block/put", List.of(), ApiClient.opts("cid-codec", codec, "mhtype", mhtype,
                            "pin", Boolean.toString(pin), "allow-big-block", "true"), upload.body(),
                            upload.contentType(), line -> { });
                } else {
                    CliRepo.await(node.content().blockPut(block, pin));
                }
            }
            spec.commandLine().getOut().println(block.cid());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "get", description = "Write the raw bytes of a block to stdout.")
    static final class Get implements Callable<Integer> {
        @Parameters(paramLabel = "CID")
        String cid;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Cid c = CliRepo.cid(cid);
            PrintStream out = HyphaCli.binaryOut(spec);
            try (CliNode node = CliNode.open(spec)) {
                if (node.api() != null) {
                    try (InputStream in = node.api().stream("block/get", List.of(c.toString()), Map.of())) {
                        in.transferTo(out);
                    }
                } else {
                    out.write(get(node.content(), c).data());
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "stat", description = "Print a block's CID and size.")
    static final class Stat implements Callable<Integer> {
        @Parameters(paramLabel = "CID")
        String cid;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Cid c = CliRepo.cid(cid);
            long size;
            try (CliNode node = CliNode.open(spec)) {
                // reads and verifies the block, so a corrupt one is reported rather than sized
                size = node.api() != null
                        ? node.api().json("block/stat", List.of(c.toString()), Map.of()).path("Size").asLong()
                        : get(node.content(), c).size();
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("Key: " + c);
            out.println("Size: " + size);
            out.flush();
            return 0;
        }
    }

    @Command(name = "rm", description = "Remove blocks from the local repository (never pinned ones).")
    static final class Rm implements Callable<Integer> {
        @Parameters(paramLabel = "CID", arity = "1..*")
        List<String> cids;

        @Option(names = {"-f", "--force"}, description = "Ignore blocks that are not stored.")
        boolean force;

        @Option(names = {"-q", "--quiet"}, description = "Write minimal output.")
        boolean quiet;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            List<Cid> parsed = cids.stream().map(CliRepo::cid).toList();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int[] failed = {0};
            java.util.function.BiConsumer<Cid, String> report = (c, error) -> {
                if (error == null) {
                    if (!quiet) {
                        out.println("removed " + c);
                    }
                } else {
                    err.println("Error: cannot remove " + c + ": " + error);
                    failed[0]++;
                }
            };
            try (CliNode node = CliNode.open(spec)) {
                if (node.api() != null) {
                    node.api().lines("block/rm", parsed.stream().map(Cid::toString).toList(),
                            ApiClient.opts("force", Boolean.toString(force)), line -> {
                                String error = line.path("Error").asText("");
                                report.accept(Cid.decode(line.path("Hash").asText()), error.isEmpty() ? null
                                        : error.startsWith("pinned: ") ? error : "not in the local repo");
                            });
                } else {
                    for (Cid c : parsed) {
                        Content.BlockRemoval r = CliRepo.await(node.content().blockRm(c));
                        if (r.pinned().isPresent()) {
                            report.accept(c, "pinned: " + r.pinned().get().label());
                        } else if (r.removed()) {
                            report.accept(c, null);
                        } else if (!force) {
                            report.accept(c, "not in the local repo");
                        }
                    }
                }
            }
            out.flush();
            err.flush();
            return failed[0] == 0 ? 0 : CliErrors.EXIT_FAILURE;
        }
    }
}
