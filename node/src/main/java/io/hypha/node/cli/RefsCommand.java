package io.hypha.node.cli;

import io.hypha.multiformats.Cid;
import io.hypha.node.dag.Refs;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hypha refs}: Kubo's {@code ipfs refs}: the CIDs a node links to, through the daemon or offline. */
@Command(name = "refs", description = {"List the links (refs) of the given objects, one per line.",
    "Without -r only each object's direct links; --unique prints each ref once."},
        subcommands = RefsCommand.Local.class)
final class RefsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CID", arity = "0..*", description = "Objects to list the refs of (CID or /ipfs/CID/path).")
    List<String> paths;

    @Option(names = {"-r", "--recursive"}, description = "Recursively list the links of the links.")
    boolean recursive;

    @Option(names = {"-u", "--unique"}, description = "Omit duplicate refs from the output.")
    boolean unique;

    @Option(names = "--max-depth", defaultValue = "-1", paramLabel = "N",
            description = "Only refs up to this depth (-1: no limit; implies -r when not -1).")
    int maxDepth;

    @Option(names = {"-e", "--edges"}, description = "Print edges as '<src> -> <dst>'.")
    boolean edges;

    @Option(names = "--format", paramLabel = "FMT", description = "Print each ref with this format, e.g. '<src> <dst> <linkname>'.")
    String format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (paths == null || paths.isEmpty()) {
            // optional in the grammar so that 'refs local' parses; required for refs itself
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'CID'");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AtomicInteger errors = new AtomicInteger();
        for (String p : paths) {
            CliRepo.cid(root(p)); // a bad CID is the same one line offline and through the daemon
        }
        try (CliNode node = CliNode.open(spec)) {
            if (node.api() != null) {
                node.api().lines("refs", paths, ApiClient.opts("recursive", Boolean.toString(recursive),
                        "unique", Boolean.toString(unique), "max-depth", Integer.toString(maxDepth),
                        "edges", Boolean.toString(edges), "format", format), line -> print(out, err, errors,
                        line.path("Ref").asText(""), line.path("Err").asText("")));
            } else {
                List<Cid> roots = new java.util.ArrayList<>();
                for (String p : paths) {
                    roots.add(CliRepo.await(node.content().resolve(CliRepo.cid(root(p)), rest(p))));
                }
                Refs.Options options;
                try {
                    options = Refs.Options.of(recursive, unique, maxDepth, edges, format);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
                CliRepo.await(node.content().refs(roots, options, ref -> print(out, err, errors, ref.ref(),
                        ref.error() == null ? "" : ref.error())));
            }
        }
        out.flush();
        err.flush();
        return errors.get() == 0 ? 0 : 1;
    }

    private static synchronized void print(PrintWriter out, PrintWriter err, AtomicInteger errors, String ref, String error) {
        if (!error.isEmpty()) {
            errors.incrementAndGet();
            err.println("Error: " + error);
        } else {
            out.println(ref);
        }
    }

    /** The CID of {@code CID[/path]} or {@code /ipfs/CID[/path]}. */
    static String root(String path) {
        String p = path.startsWith("/ipfs/") ? path.substring(6) : path;
        int slash = p.indexOf('/');
        return slash < 0 ? p : p.substring(0, slash);
    }

    /** The path after the CID, without its leading slash; empty for none. */
    static String rest(String path) {
        String p = path.startsWith("/ipfs/") ? path.substring(6) : path;
        int slash = p.indexOf('/');
        return slash < 0 ? "" : p.substring(slash + 1);
    }

    /** {@code hypha refs local}: every block in the local store. */
    @Command(name = "local", description = "List every block in the local store.")
    static final class Local implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (CliNode node = CliNode.open(spec)) {
                if (node.api() != null) {
                    node.api().lines("refs/local", List.of(), Map.of(), line -> out.println(line.path("Ref").asText()));
                } else {
                    CliRepo.await(node.content().refsLocal(cid -> {
                        synchronized (out) {
                            out.println(cid);
                        }
                    }));
                }
            }
            out.flush();
            return 0;
        }
    }
}
