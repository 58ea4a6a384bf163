package io.hypha.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hypha stats bw}: Kubo's {@code ipfs stats bw}, the daemon's bytes in and out and current rates. */
@Command(name = "stats", description = "Query the daemon's statistics.", subcommands = StatsCommand.Bw.class)
final class StatsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: bw");
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
                out.println("TotalIn: " + bytes(bw.get("TotalIn").asLong()));
                out.println("TotalOut: " + bytes(bw.get("TotalOut").asLong()));
                out.println("RateIn: " + bytes((long) bw.get("RateIn").asDouble()) + "/s");
                out.println("RateOut: " + bytes((long) bw.get("RateOut").asDouble()) + "/s");
                out.flush();
            }
            return 0;
        }
    }

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    /** Bytes in SI units as Kubo prints them (go-humanize's {@code Bytes}): {@code 9 B}, {@code 1.2 kB}, {@code 34 MB}. */
    static String bytes(long n) {
        if (n < 10) {
            return n + " B";
        }
        int e = (int) Math.floor(Math.log(n) / Math.log(1000));
        double v = Math.floor(n / Math.pow(1000, e) * 10 + 0.5) / 10;
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, UNITS[e]);
    }
}
