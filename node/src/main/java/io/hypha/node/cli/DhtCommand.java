package io.hypha.node.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hypha dht query PEER}: Kubo's {@code ipfs dht query}, the DHT servers closest to a peer id. */
@Command(name = "dht", description = "Query the DHT directly.", subcommands = DhtCommand.Query.class)
final class DhtCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: query");
    }

    @Command(name = "query", description = "Find the DHT servers closest to PEER (a peer id), printing their ids.")
    static final class Query implements Callable<Integer> {
        @Parameters(paramLabel = "PEER")
        String peer;

        @Option(names = {"-v", "--verbose"}, description = "Print the lookup's progress.")
        boolean verbose;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            RoutingCommand.peer(peer);
            PrintWriter out = spec.commandLine().getOut();
            try (ApiClient api = CliApi.require(spec)) {
                api.lines("dht/query", List.of(peer), verbose ? Map.of("verbose", "true") : Map.of(), e -> {
                    if (e.path("Type").asInt() == RoutingCommand.FINAL_PEER) {
                        out.println(e.path("ID").asText());
                        out.flush();
                    } else {
                        RoutingCommand.printProgress(out, e, verbose);
                    }
                });
            }
            return 0;
        }
    }
}
