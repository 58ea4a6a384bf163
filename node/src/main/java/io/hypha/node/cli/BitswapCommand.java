package io.hypha.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypha.multiformats.Cid;
import io.hypha.peer.PeerId;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hypha bitswap stat|wantlist|ledger|reprovide}: Kubo's {@code ipfs bitswap} commands, through the running
 * daemon's RPC API, printed as Kubo prints them.
 */
@Command(name = "bitswap", description = "Interact with the bitswap agent.",
        subcommands = {BitswapCommand.Stat.class, BitswapCommand.Wantlist.class, BitswapCommand.Ledger.class,
            BitswapCommand.Reprovide.class})
final class BitswapCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: stat, wantlist, ledger or reprovide");
    }

    @Command(name = "stat",
            description = "Show some diagnostic information on the bitswap agent.")
    static final class Stat implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-v", "--verbose"}, description = "Print extra information (the partners' peer ids).")
        boolean verbose;

        @Option(names = "--human", description = "Print sizes in human readable format (e.g., 1K 234M 2G).")
        boolean human;

        @Override
        public Integer call() throws IOException {
            try (ApiClient api = CliApi.require(spec)) {
                JsonNode s = api.json("bitswap/stat", List.of(), ApiClient.opts("verbose", String.valueOf(verbose),
                        "human", String.valueOf(human)));
                PrintWriter out = spec.commandLine().getOut();
                out.println("bitswap status");
                out.println("\tblocks received: " + s.path("BlocksReceived").asLong());
                out.println("\tblocks sent: " + s.path("BlocksSent").asLong());
                out.println("\tdata received: " + size(s.path("DataReceived").asLong()));
                out.println("\tdata sent: " + size(s.path("DataSent").asLong()));
                out.println("\tdup blocks received: " + s.path("DupBlksReceived").asLong());
                out.println("\tdup data received: " + size(s.path("DupDataReceived").asLong()));
                out.println("\twantlist [" + s.path("Wantlist").size() + " keys]");
                for (JsonNode k : s.path("Wantlist")) {
                    out.println("\t\t" + k.path("/").asText());
                }
                out.println("\tpartners [" + s.path("Peers").size() + "]");
                if (verbose) {
                    for (JsonNode p : s.path("Peers")) {
                        out.println("\t\t" + p.asText());
                    }
                }
                out.flush();
            }
            return 0;
        }

        private String size(long bytes) {
            return human ? HumanBytes.format(bytes) : Long.toString(bytes);
        }
    }

    @Command(name = "wantlist",
            description = "Show blocks currently on the wantlist: ours, or with --peer what that peer wants from us.")
    static final class Wantlist implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-p", "--peer"}, paramLabel = "PEER", description = "Specify which peer to show wantlist"
                + " for. Default: self.")
        String peer;

        @Override
        public Integer call() throws IOException {
            if (peer != null) {
                peerId(spec, peer);
            }
            try (ApiClient api = CliApi.require(spec)) {
                JsonNode list = api.json("bitswap/wantlist", List.of(),
                        peer == null ? Map.of() : ApiClient.opts("peer", peer));
                List<Cid> keys = new ArrayList<>();
                for (JsonNode k : list.path("Keys")) {
                    keys.add(Cid.decode(k.path("/").asText()));
                }
                // sorted by their bytes, as Kubo prints them, so two runs over the same wants print the same
                keys.sort((a, b) -> Arrays.compareUnsigned(a.bytes(), b.bytes()));
                PrintWriter out = spec.commandLine().getOut();
                for (Cid k : keys) {
                    out.println(k);
                }
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "ledger", description = {"Show the current ledger for a peer.",
        "The Bitswap decision engine tracks the number of bytes exchanged between IPFS nodes, and stores this"
            + " information as a collection of ledgers. This command prints the ledger associated with a given"
            + " peer."})
    static final class Ledger implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PEER", description = "The peer ID of the ledger to inspect.")
        String peer;

        @Override
        public Integer call() throws IOException {
            peerId(spec, peer);
            try (ApiClient api = CliApi.require(spec)) {
                JsonNode l = api.json("bitswap/ledger", List.of(peer), Map.of());
                PrintWriter out = spec.commandLine().getOut();
                out.print("Ledger for " + l.path("Peer").asText() + "\n"
                        + "Debt ratio:\t" + String.format(Locale.ROOT, "%f", l.path("Value").asDouble()) + "\n"
                        + "Exchanges:\t" + l.path("Exchanged").asLong() + "\n"
                        + "Bytes sent:\t" + l.path("Sent").asLong() + "\n"
                        + "Bytes received:\t" + l.path("Recv").asLong() + "\n\n");
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "reprovide", description = {"Trigger reprovider.",
        "Deprecated, as in Kubo: use 'hypha routing reprovide'. Announces every block Provide.Strategy selects to the"
            + " DHT now, and returns when that is done."})
    static final class Reprovide implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try (ApiClient api = CliApi.require(spec)) {
                api.json("bitswap/reprovide", List.of(), Map.of());
            }
            return 0;
        }
    }

    /** A peer id checked before the daemon is asked, so a typo fails as bad input (exit 1) with a clear line. */
    private static PeerId peerId(CommandLine.Model.CommandSpec spec, String text) {
        try {
            return PeerId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid peer id '" + text + "': "
                    + e.getMessage());
        }
    }
}
