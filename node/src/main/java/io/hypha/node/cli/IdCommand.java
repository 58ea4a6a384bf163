package io.hypha.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hypha.host.HostBuilder;
import io.hypha.node.repo.Repo;
import io.hypha.peer.PeerId;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code hypha id [PEER]}: the node's identity (or, through the daemon, a peer's as the daemon knows it) as Kubo's
 * {@code ipfs id} prints it: JSON with ID, PublicKey, Addresses, AgentVersion and Protocols (Addresses and Protocols
 * null without a daemon, as Kubo's).
 * Offline, the addresses are the configured swarm addresses with the peer id; from a daemon, those it announces.
 */
@Command(name = "id", description = {"Show this node's peer id, public key and addresses;",
    "with PEER (needs a running daemon), what the daemon knows of that peer."})
final class IdCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "PEER", description = "A peer id; default: this node.")
    String peer;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        JsonNode id;
        Optional<ApiClient> daemon = peer != null ? Optional.of(CliApi.require(spec)) : CliApi.find(spec);
        if (daemon.isPresent()) {
            try (ApiClient api = daemon.get()) {
                id = api.json("id", peer == null ? List.of() : List.of(peer), Map.of());
            }
        } else {
            id = offline();
        }
        spec.commandLine().getOut().println(CliJson.indent(id, "\t"));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private JsonNode offline() throws IOException {
        try (Repo repo = CliRepo.open(spec)) {
            PeerId self = repo.peerId();
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("ID", self.toString());
            o.put("PublicKey", Base64.getEncoder().encodeToString(repo.privateKey().publicKey().encode()));
            // offline the node listens nowhere and speaks nothing: null, as Kubo prints them
            o.putNull("Addresses");
            o.put("AgentVersion", "hypha/" + HostBuilder.version());
            o.putNull("Protocols");
            return o;
        }
    }
}
