package io.hypha.node;

import io.hypha.crypto.PrivateKey;
import io.hypha.host.Host;
import io.hypha.host.HostBuilder;
import io.hypha.host.HostConfig;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.repo.Repo;
import io.hypha.node.store.Blockstore;
import io.hypha.node.store.MemoryBlockstore;
import io.hypha.protocol.identify.Identify;
import io.hypha.protocol.identify.IdentifyConfig;
import io.hypha.protocol.perf.Perf;
import io.hypha.protocol.ping.Ping;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Builds a {@link Node}. With a {@link Repo}: its identity, blockstore and swarm addresses (unless
 * {@link #listen} overrides them). Without: a fresh Ed25519 identity (or {@link #identity}), an in-memory
 * blockstore and no listener unless given. Identify and ping always run; perf only when enabled.
 */
public final class NodeBuilder {
    private Repo repo;
    private PrivateKey identity;
    private Blockstore blocks;
    private List<Multiaddr> listen;
    private HostConfig hostConfig;
    private boolean perf;

    NodeBuilder() {}

    public NodeBuilder repo(Repo repo) {
        this.repo = Objects.requireNonNull(repo);
        return this;
    }

    public NodeBuilder identity(PrivateKey identity) {
        this.identity = Objects.requireNonNull(identity);
        return this;
    }

    public NodeBuilder blockstore(Blockstore blocks) {
        this.blocks = Objects.requireNonNull(blocks);
        return this;
    }

    /** Listen addresses, replacing the repo's {@code Addresses.Swarm}. */
    public NodeBuilder listen(List<Multiaddr> addresses) {
        this.listen = List.copyOf(addresses);
        return this;
    }

    public NodeBuilder hostConfig(HostConfig config) {
        this.hostConfig = Objects.requireNonNull(config);
        return this;
    }

    /** Serves {@code /perf/1.0.0} (off by default, as the perf spec requires). */
    public NodeBuilder enablePerf(boolean enable) {
        this.perf = enable;
        return this;
    }

    public CompletableFuture<Node> start() {
        PrivateKey key = identity != null ? identity : repo != null ? repo.privateKey() : null;
        Blockstore store = blocks != null ? blocks : repo != null ? repo.blocks() : new MemoryBlockstore();
        List<Multiaddr> addrs = listen;
        if (addrs == null) {
            addrs = new ArrayList<>();
            if (repo != null) {
                for (String a : repo.config().addresses().swarm()) {
                    addrs.add(Multiaddr.parse(a));
                }
            }
        }
        HostBuilder hb = Host.builder().listen(addrs.toArray(Multiaddr[]::new));
        if (key != null) {
            hb.identity(key);
        }
        if (hostConfig != null) {
            hb.config(hostConfig);
        }
        return hb.start().thenApply(host -> {
            Identify identify = Identify.install(host, IdentifyConfig.defaults());
            Ping ping = Ping.install(host);
            if (perf) {
                Perf.enableServer(host);
            }
            return new Node(host, store, repo, identify, ping);
        });
    }
}
