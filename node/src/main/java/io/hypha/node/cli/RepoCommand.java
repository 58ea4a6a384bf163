package io.hypha.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RepoStat;
import io.hypha.node.repo.RepoVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hypha repo}: Kubo's {@code ipfs repo gc|stat|verify}. */
@Command(name = "repo", description = "Manipulate the local repository.",
        subcommands = {RepoCommand.Gc.class, RepoCommand.Stat.class, RepoCommand.Verify.class})
final class RepoCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: gc, stat or verify");
    }

    @Command(name = "gc", description = "Remove every block that is not pinned.")
    static final class Gc implements Callable<Integer> {
        @Option(names = {"-q", "--quiet"}, description = "Write only the removed CIDs.")
        boolean quiet;

        @Option(names = "--silent", description = "Write no output.")
        boolean silent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            java.util.function.Consumer<Cid> removed = cid -> {
                if (!silent) {
                    out.println(quiet ? cid.toString() : "removed " + cid);
                    out.flush();
                }
            };
            try (CliNode node = CliNode.open(spec)) {
                if (node.api() != null) {
                    node.api().lines("repo/gc", List.of(), Map.of(),
                            line -> removed.accept(Cid.decode(line.path("Key").path("/").asText())));
                } else {
                    CliRepo.await(node.content().gc(removed));
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "stat", description = "Show the number of blocks, the repo's size, its limit, path and version.")
    static final class Stat implements Callable<Integer> {
        @Option(names = {"-s", "--size-only"}, description = "Only report RepoSize and StorageMax.")
        boolean sizeOnly;

        @Option(names = {"-H", "--human"}, description = "Print sizes in human readable format (e.g., 1K 234M 2G).")
        boolean human;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            RepoStat s;
            try (CliNode node = CliNode.open(spec)) {
                if (node.api() != null) {
                    JsonNode j = node.api().json("repo/stat", List.of(), Map.of());
                    s = new RepoStat(j.path("NumObjects").asLong(), j.path("RepoSize").asLong(),
                            j.path("StorageMax").asLong(), Path.of(j.path("RepoPath").asText()),
                            j.path("Version").asText());
                } else {
                    s = CliRepo.await(node.content().repoStat());
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            // Kubo aligns the values with a tabwriter: one column after the longest label plus one space.
            if (!sizeOnly) {
                out.println("NumObjects: " + s.numObjects());
            }
            out.println("RepoSize:   " + size(s.repoSize()));
            out.println("StorageMax: " + size(s.storageMax()));
            if (!sizeOnly) {
                out.println("RepoPath:   " + s.repoPath());
                out.println("Version:    " + s.version());
            }
            out.flush();
            return 0;
        }

        /** Decimal units as go-humanize's {@code Bytes} ("23 MB") with {@code --human}. */
        private String size(long bytes) {
            return human ? HumanBytes.format(bytes) : Long.toString(bytes);
        }
    }

    @Command(name = "verify", description = "Re-hash every block; report each corrupt one (exit 1 if any).")
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (CliNode node = CliNode.open(spec)) {
                if (node.api() != null) {
                    // the daemon streams a line per corrupt block and fails the stream when any was found
                    boolean[] clean = {false};
                    node.api().lines("repo/verify", List.of(), Map.of(), line -> {
                        String msg = line.path("Msg").asText("");
                        if (msg.startsWith("block ")) {
                            out.println(msg);
                        } else if (msg.startsWith("verify complete")) {
                            clean[0] = true;
                        }
                    });
                    out.flush();
                    if (!clean[0]) {
                        throw new IOException("verify complete, some blocks were corrupt");
                    }
                } else {
                    RepoVerifier.Result r = CliRepo.await(node.content().repoVerify(bad -> out.println("block "
                            + bad.cid() + " was corrupt (" + bad.reason() + ")")));
                    out.flush();
                    if (!r.clean()) {
                        throw new IOException("verify complete, " + r.corrupt() + " of " + r.checked()
                                + " blocks were corrupt");
                    }
                }
            }
            out.println("verify complete, all blocks validated.");
            out.flush();
            return 0;
        }
    }
}
