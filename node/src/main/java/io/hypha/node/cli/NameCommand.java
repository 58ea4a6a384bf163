package io.hypha.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hypha name publish|resolve}: Kubo's {@code ipfs name}, IPNS names through the daemon's DHT. */
@Command(name = "name", description = "Publish and resolve IPNS names.",
        subcommands = {NameCommand.Publish.class, NameCommand.Resolve.class})
final class NameCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: publish or resolve");
    }

    @Command(name = "publish", description = {"Publish PATH (/ipfs/CID[/...], or a CID) under the name of a key.",
        "Prints: Published to NAME: PATH"})
    static final class Publish implements Callable<Integer> {
        @Parameters(paramLabel = "PATH")
        String path;

        @Option(names = {"-k", "--key"}, defaultValue = "self", paramLabel = "KEY",
                description = "The key to sign with: a name from 'hypha key list', or its peer id (default ${DEFAULT-VALUE}).")
        String key;

        @Option(names = {"-t", "--lifetime"}, paramLabel = "DURATION", description = "How long the record is valid, e.g. 48h or 7d (default 48h).")
        String lifetime;

        @Option(names = "--ttl", paramLabel = "DURATION", description = "How long resolvers may cache it, e.g. 5m (default 5m, at most the lifetime).")
        String ttl;

        @Option(names = "--allow-offline", description = "Keep the record here when no DHT server can be reached.")
        boolean allowOffline;

        @Option(names = "--resolve", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Check that the path resolves before publishing (default ${DEFAULT-VALUE}).")
        boolean resolve;

        @Option(names = {"-Q", "--quieter"}, description = "Print only the name.")
        boolean quieter;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Map<String, String> options = new LinkedHashMap<>();
            options.put("key", key);
            if (lifetime != null) {
                options.put("lifetime", lifetime);
            }
            if (ttl != null) {
                options.put("ttl", ttl);
            }
            if (allowOffline) {
                options.put("allow-offline", "true");
            }
            options.put("resolve", Boolean.toString(resolve));
            try (ApiClient api = CliApi.require(spec)) {
                JsonNode out = api.json("name/publish", List.of(path), options);
                PrintWriter w = spec.commandLine().getOut();
                w.println(quieter ? out.path("Name").asText()
                        : "Published to " + out.path("Name").asText() + ": " + out.path("Value").asText());
                w.flush();
            }
            return 0;
        }
    }

    @Command(name = "resolve", description = "Resolve NAME (/ipns/NAME, or a peer id; default: this node's) to its path.")
    static final class Resolve implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", arity = "0..1")
        String name;

        @Option(names = {"-r", "--recursive"}, negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Follow /ipns/ values to the end (default ${DEFAULT-VALUE}).")
        boolean recursive;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try (ApiClient api = CliApi.require(spec)) {
                JsonNode out = api.json("name/resolve", name == null ? List.of() : List.of(name),
                        Map.of("recursive", Boolean.toString(recursive)));
                PrintWriter w = spec.commandLine().getOut();
                w.println(out.path("Path").asText());
                w.flush();
            }
            return 0;
        }
    }
}
