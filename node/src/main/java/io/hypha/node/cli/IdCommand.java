package io.hypha.node.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hypha.host.HostBuilder;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.repo.Repo;
import io.hypha.peer.PeerId;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hypha id}: the node's identity as Kubo's {@code ipfs id} prints it (JSON with ID, PublicKey,
 * Addresses, AgentVersion). Offline, the addresses are the configured swarm addresses with the peer id.
 */
@Command(name = "id", description = "Show this node's peer id, public key and addresses.")
final class IdCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Repo repo = CliRepo.open(spec)) {
            PeerId id = repo.peerId();
            ObjectMapper json = new ObjectMapper();
            ObjectNode o = json.createObjectNode();
            o.put("ID", id.toString());
            o.put("PublicKey", Base64.getEncoder().encodeToString(repo.privateKey().publicKey().encode()));
            ArrayNode addrs = o.putArray("Addresses");
            for (String a : repo.config().addresses().swarm()) {
                addrs.add(Multiaddr.parse(a).withPeerId(id).toString());
            }
            o.put("AgentVersion", "hypha/" + HostBuilder.version());
            DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("\t", "\n"))
                    .withArrayIndenter(new DefaultIndenter("\t", "\n"));
            spec.commandLine().getOut().println(json.writer(pretty).writeValueAsString(o));
            return 0;
        }
    }
}
