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
 * {@code hypha config KEY [VALUE]}: Kubo's {@code ipfs config}, on the repo's config file, through the daemon when
 * one runs. A change is written to the file at once and applies at the daemon's next start.
 */
@Command(name = "config", description = {"Get or set a value of the repo's config, as 'git config' does:",
    "  hypha config Addresses.API                     print a value",
    "  hypha config Datastore.StorageMax 20GB          set a string",
    "  hypha config --json Addresses.Swarm '[\"/ip4/0.0.0.0/tcp/4001\"]'",
    "Changes are written to the config file at once; a running daemon applies them at its next start."},
        subcommands = ConfigCommand.Show.class)
final class ConfigCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "KEY", description = "The key, e.g. Addresses.API.")
    String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "The value to set.")
    String value;

    @Option(names = "--bool", description = "Set a boolean value (true, anything else false).")
    boolean bool;

    @Option(names = "--json", description = "Parse VALUE as JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (key == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing KEY (or the subcommand show)");
        }
        JsonNode result;
        Optional<ApiClient> daemon = CliApi.find(spec);
        if (daemon.isPresent()) {
            try (ApiClient api = daemon.get()) {
                List<String> args = new ArrayList<>(List.of(key));
                if (value != null) {
                    args.add(value);
                }
                result = api.json("config", args, ApiClient.opts("bool", Boolean.toString(bool),
                        "json", Boolean.toString(json))).get("Value");
            }
        } else {
            try (Repo repo = CliRepo.open(spec)) {
                ConfigFile file = repo.configFile();
                result = value == null ? file.get(key) : file.set(key, ConfigFile.value(value, json, bool));
            }
        }
        if (value == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(CliJson.human(result));
            out.flush();
        }
        return 0;
    }

    @Command(name = "show", description = "Print the whole config (without the private key).")
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            JsonNode config;
            Optional<ApiClient> daemon = CliApi.find(spec);
            if (daemon.isPresent()) {
                try (ApiClient api = daemon.get()) {
                    config = api.json("config/show", List.of(), Map.of());
                }
            } else {
                try (Repo repo = CliRepo.open(spec)) {
                    config = repo.configFile().show();
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(CliJson.indent(config, "  "));
            out.flush();
            return 0;
        }
    }
}
