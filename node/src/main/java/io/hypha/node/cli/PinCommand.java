package io.hypha.node.cli;

import io.hypha.multiformats.Cid;
import io.hypha.node.repo.Pins;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hypha pin}: Kubo's {@code ipfs pin add|ls|rm}, through the daemon or on the repo. */
@Command(name = "pin", description = "Pin blocks and DAGs so garbage collection keeps them.",
        subcommands = {PinCommand.Add.class, PinCommand.Ls.class, PinCommand.Rm.class})
final class PinCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: add, ls or rm");
    }

    @Command(name = "add", description = "Pin CIDs; recursively (the default) needs the whole DAG in the local repo.")
    static final class Add implements Callable<Integer> {
        @Parameters(paramLabel = "CID", arity = "1..*")
        List<String> cids;

        @Option(names = {"-r", "--recursive"}, arity = "0..1", defaultValue = "true", fallbackValue = "true",
                paramLabel = "BOOL", description = "Pin the whole DAG under each CID (default: ${DEFAULT-VALUE}).")
        boolean recursive;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            List<Cid> parsed = cids.stream().map(CliRepo::cid).toList();
            PrintWriter out = spec.commandLine().getOut();
            try (Pinning pins = Pinning.open(spec)) {
                for (Cid c : parsed) {
                    pins.change(c, true, recursive);
                    out.println("pinned " + c + (recursive ? " recursively" : " directly"));
                    out.flush();
                }
            }
            return 0;
        }
    }

    @Command(name = "ls", description = "List pinned CIDs and how they are pinned.")
    static final class Ls implements Callable<Integer> {
        @Parameters(paramLabel = "CID", arity = "0..*", description = "Only these CIDs (an error for one not pinned).")
        List<String> cids = new ArrayList<>();

        @Option(names = {"-t", "--type"}, defaultValue = "all",
                description = "direct, indirect, recursive or all (default: ${DEFAULT-VALUE}).")
        String type;

        @Option(names = {"-q", "--quiet"}, description = "Write just the CIDs.")
        boolean quiet;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Set<Pins.Mode> modes;
            try {
                modes = Pins.Mode.filter(type);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            List<Cid> parsed = cids.stream().map(CliRepo::cid).toList();
            PrintWriter out = spec.commandLine().getOut();
            try (Pinning pins = Pinning.open(spec)) {
                if (parsed.isEmpty()) {
                    pins.list(type, modes, p -> out.println(quiet ? p.cid().toString() : p.cid() + " " + p.mode().label()));
                } else {
                    for (Cid c : parsed) {
                        Pins.Pin p = pins.pinned(c, type, modes);
                        out.println(quiet ? c.toString() : c + " " + p.mode().label());
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "rm", description = "Remove pins.")
    static final class Rm implements Callable<Integer> {
        @Parameters(paramLabel = "CID", arity = "1..*")
        List<String> cids;

        @Option(names = {"-r", "--recursive"}, arity = "0..1", defaultValue = "true", fallbackValue = "true",
                paramLabel = "BOOL", description = "Also remove recursive pins (default: ${DEFAULT-VALUE}).")
        boolean recursive;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            List<Cid> parsed = cids.stream().map(CliRepo::cid).toList();
            PrintWriter out = spec.commandLine().getOut();
            try (Pinning pins = Pinning.open(spec)) {
                for (Cid c : parsed) {
                    pins.change(c, false, recursive);
                    out.println("unpinned " + c);
                    out.flush();
                }
            }
            return 0;
        }
    }
}
