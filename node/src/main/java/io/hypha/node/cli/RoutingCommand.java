package io.hypha.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hypha routing findpeer|findprovs|provide|get|put}: Kubo's {@code ipfs routing}, through the daemon's DHT,
 * printed as Kubo prints them ({@code -v} adds the lookup's progress).
 */
@Command(name = "routing", description = "Find peers and content, and get and put records, through the DHT.",
        subcommands = {RoutingCommand.FindPeer.class, RoutingCommand.FindProvs.class, RoutingCommand.Provide.class,
            RoutingCommand.Get.class, RoutingCommand.Put.class, RoutingCommand.Reprovide.class})
final class RoutingCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: findpeer, findprovs, provide, get or put");
    }

    /** Kubo's query event types (go-libp2p core/routing/query.go). */
    static final int SENDING_QUERY = 0;
    static final int PEER_RESPONSE = 1;
    static final int FINAL_PEER = 2;
    static final int QUERY_ERROR = 3;
    static final int PROVIDER = 4;
    static final int VALUE = 5;

    /** Prints a progress event as Kubo's {@code printEvent} does with {@code -v}. */
    static void printProgress(PrintWriter out, JsonNode e, boolean verbose) {
        if (!verbose) {
            return;
        }
        switch (e.path("Type").asInt()) {
            case SENDING_QUERY -> out.println("* querying " + e.path("ID").asText());
            case PEER_RESPONSE -> {
                out.println("* " + e.path("ID").asText() + " says use");
                for (JsonNode r : e.path("Responses")) {
                    out.println("\t" + r.path("ID").asText());
                }
            }
            case QUERY_ERROR -> out.println("error: " + e.path("Extra").asText());
            default -> { }
        }
        out.flush();
    }

    /** Parses a peer id argument; {@link IllegalArgumentException} naming it otherwise. */
    static io.hypha.peer.PeerId peer(String text) {
        try {
            return io.hypha.peer.PeerId.parse(text.startsWith("/p2p/") ? text.substring(5) : text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid peer id '" + text + "': " + e.getMessage(), e);
        }
    }

    static String key(String text) {
        if (!text.startsWith("/") || text.split("/", 3).length != 3) {
            throw new IllegalArgumentException("invalid key '" + text + "': want /ipns/<name> or /pk/<peer id>");
        }
        return text;
    }

    @Command(name = "findpeer", description = "Find the multiaddresses of each PEER (a peer id) through the DHT.")
    static final class FindPeer implements Callable<Integer> {
        @Parameters(paramLabel = "PEER", arity = "1..*")
        List<String> peers;

        @Option(names = {"-v", "--verbose"}, description = "Print the lookup's progress.")
        boolean verbose;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            peers.forEach(RoutingCommand::peer);
            PrintWriter out = spec.commandLine().getOut();
            try (ApiClient api = CliApi.require(spec)) {
                api.lines("routing/findpeer", peers, verbose ? Map.of("verbose", "true") : Map.of(), e -> {
                    if (e.path("Type").asInt() == FINAL_PEER) {
                        for (JsonNode r : e.path("Responses")) {
                            r.path("Addrs").forEach(a -> out.println(a.asText()));
                        }
                        out.flush();
                    } else {
                        printProgress(out, e, verbose);
                    }
                });
            }
            return 0;
        }
    }

    @Command(name = "findprovs", description = "Find up to N peers that provide CID, printing each peer id.")
    static final class FindProvs implements Callable<Integer> {
        @Parameters(paramLabel = "CID")
        String cid;

        @Option(names = {"-n", "--num-providers"}, defaultValue = "20", description = "How many providers to find "
                + "(default ${DEFAULT-VALUE}).")
        int count;

        @Option(names = {"-v", "--verbose"}, description = "Print the lookup's progress and each provider's addresses.")
        boolean verbose;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            CliRepo.cid(cid);
            if (count < 1) {
                throw new IllegalArgumentException("number of providers must be greater than 0");
            }
            PrintWriter out = spec.commandLine().getOut();
            Map<String, String> options = new LinkedHashMap<>();
            options.put("num-providers", Integer.toString(count));
            if (verbose) {
                options.put("verbose", "true");
            }
            try (ApiClient api = CliApi.require(spec)) {
                api.lines("routing/findprovs", List.of(cid), options, e -> {
                    if (e.path("Type").asInt() == PROVIDER) {
                        JsonNode p = e.path("Responses").path(0);
                        out.println((verbose ? "provider: " : "") + p.path("ID").asText());
                        if (verbose) {
                            p.path("Addrs").forEach(a -> out.println("\t" + a.asText()));
                        }
                        out.flush();
                    } else {
                        printProgress(out, e, verbose);
                    }
                });
            }
            return 0;
        }
    }

    @Command(name = "provide", description = "Announce to the DHT that the daemon provides each CID (held locally).")
    static final class Provide implements Callable<Integer> {
        @Parameters(paramLabel = "CID", arity = "1..*")
        List<String> cids;

        @Option(names = {"-r", "--recursive"}, description = "Announce every block of each DAG too.")
        boolean recursive;

        @Option(names = {"-v", "--verbose"}, description = "Print the lookup's progress.")
        boolean verbose;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            cids.forEach(CliRepo::cid);
            PrintWriter out = spec.commandLine().getOut();
            Map<String, String> options = new LinkedHashMap<>();
            if (recursive) {
                options.put("recursive", "true");
            }
            if (verbose) {
                options.put("verbose", "true");
            }
            try (ApiClient api = CliApi.require(spec)) {
                api.lines("routing/provide", cids, options, e -> printProgress(out, e, verbose));
            }
            return 0;
        }
    }

    @Command(name = "reprovide", description = {"Announce to the DHT, now, every block Provide.Strategy selects,",
        "as the daemon does every Provide.DHT.Interval; returns when that is done."})
    static final class Reprovide implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try (ApiClient api = CliApi.require(spec)) {
                api.json("routing/reprovide", List.of(), Map.of());
            }
            return 0;
        }
    }

    @Command(name = "get", description = "Print the best value stored under KEY (/ipns/<name> or /pk/<peer id>).")
    static final class Get implements Callable<Integer> {
        @Parameters(paramLabel = "KEY")
        String key;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            key(key);
            try (ApiClient api = CliApi.require(spec)) {
                java.io.PrintStream raw = HyphaCli.binaryOut(spec);
                PrintWriter out = spec.commandLine().getOut();
                api.lines("routing/get", List.of(key), Map.of(), e -> {
                    if (e.path("Type").asInt() == VALUE) {
                        byte[] value = Base64.getDecoder().decode(e.path("Extra").asText());
                        out.flush();
                        try {
                            raw.write(value);
                            raw.flush();
                        } catch (IOException x) {
                            throw new java.io.UncheckedIOException(x);
                        }
                    }
                });
            }
            return 0;
        }
    }

    @Command(name = "put", description = "Store the record in FILE under KEY (/ipns/<name> or /pk/<peer id>).")
    static final class Put implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Parameters(index = "1", paramLabel = "FILE")
        Path file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            key(key);
            byte[] value = Files.readAllBytes(file);
            MultipartUpload upload = MultipartUpload.bytes(value);
            PrintWriter out = spec.commandLine().getOut();
            try (ApiClient api = CliApi.require(spec)) {
                api.lines("routing/put", List.of(key), Map.of(), upload.body(), upload.contentType(), e -> { });
            }
            out.flush();
            return 0;
        }
    }
}
