package io.hypha.node.routing;

import io.hypha.node.Node;
import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RoutingConfig;
import io.hypha.peer.PeerInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A few DHT servers with repos on loopback TCP, each bootstrapping from the first: the fixture of the routing
 * endpoint and command tests.
 */
public final class DhtTestNodes implements AutoCloseable {
    public static final long TIMEOUT_S = 60;

    public final List<Repo> repos = new ArrayList<>();
    public final List<Node> nodes = new ArrayList<>();

    public DhtTestNodes(Path dir, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Repo repo = Repo.init(dir.resolve("repo" + i), Repo.RepoInitOptions.withProfiles(List.of(ConfigProfile.TEST)));
            repos.add(repo);
            List<PeerInfo> seeds = nodes.isEmpty() ? List.of()
                    : List.of(new PeerInfo(nodes.get(0).peerId(), nodes.get(0).host().listenAddresses()));
            Node node = Node.builder().repo(repo).routing(RoutingConfig.Type.DHT_SERVER)
                    .bootstrapPeers(() -> CompletableFuture.completedFuture(seeds)).start()
                    .get(TIMEOUT_S, TimeUnit.SECONDS);
            nodes.add(node);
            node.dht().orElseThrow().bootstrapped().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
        // the first node joined alone: look again now that the others are in
        nodes.get(0).dht().orElseThrow().kad().refresh().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    public Node node(int i) {
        return nodes.get(i);
    }

    @Override
    public void close() throws Exception {
        for (Node n : nodes) {
            n.close();
        }
        for (Repo r : repos) {
            r.close();
        }
    }
}
