package io.hypha.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hypha swarm}: Kubo's {@code ipfs swarm peers|connect|disconnect|addrs}, through the running daemon. */
@Command(name = "swarm", description = "Interact with the daemon's swarm: its peers, connections and addresses.",
        subcommands = {SwarmCommand.Peers.class, SwarmCommand.Connect.class, SwarmCommand.Disconnect.class,
            SwarmCommand.Addrs.class})
final class SwarmCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: peers, connect, disconnect or addrs");
    }

    /** Prints each string of a {@code {"Strings":[...]}} answer on its own line. */
    static void printStrings(PrintWriter out, JsonNode answer) {
        for (JsonNode s : answer.path("Strings")) {
            out.println(s.asText());
        }
        out.flush();
    }

    @Command(name = "peers", description = "List the peers the daemon is connected to (ADDRESS/p2p/PEER).")
    static final class Peers implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try (ApiClient api = CliApi.require(spec)) {
                List<String> lines = new ArrayList<>();
                for (JsonNode p : api.json("swarm/peers", List.of(), Map.of()).path("Peers")) {
                    lines.add(p.get("Addr").asText() + "/p2p/" + p.get("Peer").asText());
                }
                PrintWriter out = spec.commandLine().getOut();
                lines.stream().sorted().forEach(out::println);
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "connect", description = "Open a connection to each peer (MULTIADDR ending in /p2p/<peer id>).")
    static final class Connect implements Callable<Integer> {
        @Parameters(paramLabel = "MULTIADDR", arity = "1..*")
        List<String> addresses;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            addresses.forEach(NetworkCommands::peerAddress);
            try (ApiClient api = CliApi.require(spec)) {
                printStrings(spec.commandLine().getOut(), api.json("swarm/connect", addresses, Map.of()));
            }
            return 0;
        }
    }

    @Command(name = "disconnect", description = {"Close the connections to each peer: MULTIADDR/p2p/<peer id> closes",
        "those to that address, /p2p/<peer id> (or the bare peer id) all of them. The peer may be dialled again later."})
    static final class Disconnect implements Callable<Integer> {
        @Parameters(paramLabel = "MULTIADDR", arity = "1..*")
        List<String> addresses;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            addresses.stream().filter(a -> a.startsWith("/")).forEach(NetworkCommands::peerAddress);
            try (ApiClient api = CliApi.require(spec)) {
                JsonNode answer = api.json("swarm/disconnect", addresses, Map.of());
                printStrings(spec.commandLine().getOut(), answer);
                for (JsonNode s : answer.path("Strings")) {
                    if (!s.asText().endsWith(" success")) {
                        return CliErrors.EXIT_FAILURE;
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "addrs", description = "List the addresses the daemon knows for each peer: PEER (N), then its addresses.",
            subcommands = {Addrs.Local.class, Addrs.Listen.class})
    static final class Addrs implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try (ApiClient api = CliApi.require(spec)) {
                JsonNode byPeer = api.json("swarm/addrs", List.of(), Map.of()).path("Addrs");
                Map<String, JsonNode> sorted = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = byPeer.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    sorted.put(e.getKey(), e.getValue());
                }
                PrintWriter out = spec.commandLine().getOut();
                sorted.forEach((peer, addrs) -> {
                    out.println(peer + " (" + addrs.size() + ")");
                    addrs.forEach(a -> out.println("\t" + a.asText()));
                });
                out.flush();
            }
            return 0;
        }

        @Command(name = "local", description = "List the addresses the daemon announces.")
        static final class Local implements Callable<Integer> {
            @CommandLine.Option(names = "--id", description = "Append /p2p/<peer id> to each address.")
            boolean id;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws IOException {
                try (ApiClient api = CliApi.require(spec)) {
                    printStrings(spec.commandLine().getOut(),
                            api.json("swarm/addrs/local", List.of(), Map.of("id", Boolean.toString(id))));
                }
                return 0;
            }
        }

        @Command(name = "listen", description = "List the addresses the daemon listens on.")
        static final class Listen implements Callable<Integer> {
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() throws IOException {
                try (ApiClient api = CliApi.require(spec)) {
                    printStrings(spec.commandLine().getOut(), api.json("swarm/addrs/listen", List.of(), Map.of()));
                }
                return 0;
            }
        }
    }
}
