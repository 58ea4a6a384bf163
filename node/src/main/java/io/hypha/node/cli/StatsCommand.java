package io.hypha.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hypha stats bw}: Kubo's {@code ipfs stats bw}, the daemon's bytes in and out and current rates;
 * {@code hypha stats dht}: its routing table, bucket by bucket.
 */
@Command(name = "stats", description = "Query the daemon's statistics.",
        subcommands = {StatsCommand.Bw.class, StatsCommand.Dht.class})
final class StatsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: bw or dht");
    }

    @Command(name = "bw", description = "Print the bytes the daemon's connections read and wrote, and the rates now.")
    static final class Bw implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try (ApiClient api = CliApi.require(spec)) {
                JsonNode bw = api.json("stats/bw", List.of(), Map.of());
                PrintWriter out = spec.commandLine().getOut();
                out.println("Bandwidth");
                out.println("TotalIn: " + HumanBytes.format(bw.get("TotalIn").asLong()));
                out.println("TotalOut: " + HumanBytes.format(bw.get("TotalOut").asLong()));
                out.println("RateIn: " + HumanBytes.format((long) bw.get("RateIn").asDouble()) + "/s");
                out.println("RateOut: " + HumanBytes.format((long) bw.get("RateOut").asDouble()) + "/s");
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "dht", description = "Print the DHT's routing table: each bucket and its peers.")
    static final class Dht implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (ApiClient api = CliApi.require(spec)) {
                api.lines("stats/dht", List.of(), Map.of(), table -> {
                    out.println("DHT " + table.path("Name").asText() + " (" + table.path("Buckets").size()
                            + " buckets):");
                    int i = 0;
                    for (JsonNode b : table.path("Buckets")) {
                        out.println("  Bucket " + i++ + " (" + b.path("Peers").size() + " peers) - refreshed "
                                + b.path("LastRefresh").asText());
                        out.println("    Peer  connected  agent");
                        for (JsonNode p : b.path("Peers")) {
                            out.println("    @ " + p.path("ID").asText() + "  "
                                    + (p.path("Connected").asBoolean() ? "yes" : "no") + "  "
                                    + p.path("AgentVersion").asText());
                        }
                    }
                    out.flush();
                });
            }
            return 0;
        }
    }
}
