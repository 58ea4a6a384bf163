package io.hypha.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RepoConfig;
import io.hypha.peer.PeerId;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeBuilderTest {
    @TempDir
    Path dir;

    @Test
    void theRepoConfiguresLimitsAndProtectsBootstrapPeers() throws Exception {
        try (Repo repo = Repo.init(dir.resolve("repo"), Repo.RepoInitOptions.DEFAULTS)) {
            try (Node node = Node.builder().repo(repo).listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
                    .start().get(30, TimeUnit.SECONDS)) {
                assertEquals(repo.config().swarm().resourceLimits(), node.resources().limits());
                for (String a : RepoConfig.DEFAULT_BOOTSTRAP) {
                    PeerId p = Multiaddr.parse(a).peerId().orElseThrow();
                    assertTrue(node.host().connectionManager().isProtected(p), a);
                }
                assertFalse(node.host().connectionManager().isProtected(node.peerId()));
            }
        }
    }
}
