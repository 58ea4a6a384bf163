package io.hypha.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypha.node.repo.ConfigFile;
import io.hypha.node.repo.Repo;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hypha bootstrap list|add|rm}: Kubo's {@code ipfs bootstrap}, the peers dialled at start, kept in the
 * config's {@code Bootstrap}; through the daemon when one runs, else on the repo. Without a subcommand it lists.
 */
@Command(name = "bootstrap", description = {"Show or edit the list of bootstrap peers (the config's Bootstrap).",
    "Without a subcommand: list them. Changes apply at the daemon's next start."},
        subcommands = {BootstrapCommand.ListPeers.class, BootstrapCommand.Add.class, BootstrapCommand.Rm.class})
final class BootstrapCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        return list(spec);
    }

    /** What the daemon or the config file's editor does with a bootstrap request. */
    @FunctionalInterface
    private interface Edit {
        List<String> apply(ConfigFile file) throws IOException;
    }

    /** Runs {@code command} through the daemon or {@code offline} on the repo, then prints the peers, sorted, each after {@code prefix}. */
    private static int run(CommandLine.Model.CommandSpec spec, String command, List<String> args,
            Map<String, String> options, Edit offline, String prefix) throws IOException {
        List<String> peers = new ArrayList<>();
        Optional<ApiClient> daemon = CliApi.find(spec);
        if (daemon.isPresent()) {
            try (ApiClient api = daemon.get()) {
                for (JsonNode p : api.json(command, args, options).path("Peers")) {
                    peers.add(p.asText());
                }
            }
        } else {
            try (Repo repo = CliRepo.open(spec)) {
                peers.addAll(offline.apply(repo.configFile()));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        peers.stream().sorted().forEach(p -> out.println(prefix + p));
        out.flush();
        return 0;
    }

    static int list(CommandLine.Model.CommandSpec spec) throws IOException {
        return run(spec, "bootstrap/list", List.of(), Map.of(), ConfigFile::bootstrap, "");
    }

    @Command(name = "list", description = "Show the bootstrap peers.")
    static final class ListPeers implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            return list(spec);
        }
    }

    @Command(name = "add", description = "Add peers (MULTIADDR/p2p/<peer id>) to the bootstrap list; prints those added.")
    static final class Add implements Callable<Integer> {
        @Parameters(paramLabel = "PEER", arity = "0..*", description = "Peers to add ('default': the default peers).")
        List<String> peers = new ArrayList<>();

        @Option(names = "--default", description = "Add the default bootstrap peers.")
        boolean defaults;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            List<String> wanted = new ArrayList<>(peers);
            if (defaults) {
                wanted.add("default");
            }
            return run(spec, "bootstrap/add", peers, ApiClient.opts("default", Boolean.toString(defaults)),
                    file -> file.bootstrapAdd(wanted), "added ");
        }
    }

    @Command(name = "rm", description = "Remove peers from the bootstrap list; prints those removed.")
    static final class Rm implements Callable<Integer> {
        @Parameters(paramLabel = "PEER", arity = "0..*", description = "Peers to remove ('all': every one).")
        List<String> peers = new ArrayList<>();

        @Option(names = "--all", description = "Remove every bootstrap peer.")
        boolean all;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            boolean all = this.all || peers.equals(List.of("all"));
            List<String> peers = all ? List.of() : this.peers;
            return run(spec, "bootstrap/rm", peers, ApiClient.opts("all", Boolean.toString(all)),
                    file -> all ? file.bootstrapRemoveAll() : file.bootstrapRemove(peers), "removed ");
        }
    }
}
