package io.hypha.node.routing;

import io.hypha.multiaddr.DnsResolver;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The config's {@code Bootstrap} list as peers to dial: each entry must end in {@code /p2p/<peer id>}
 * (RSA {@code Qm...} ids included); {@code /dnsaddr/}, {@code /dns4/}, {@code /dns6/} and {@code /dns/} entries are
 * resolved each time the list is asked for (the DHT asks again when its table runs low), and an entry that does
 * not resolve is skipped with a log line, not fatal: the others still bootstrap.
 */
public final class BootstrapPeers implements Supplier<CompletableFuture<List<PeerInfo>>> {
    private static final System.Logger LOG = System.getLogger(BootstrapPeers.class.getName());

    private final List<Multiaddr> entries;
    private final Supplier<DnsResolver> resolver;

    /**
     * @param entries  the {@code Bootstrap} strings; malformed ones and ones naming no peer are skipped (logged)
     * @param resolver the DNS resolver, made on first need
     */
    public BootstrapPeers(List<String> entries, Supplier<DnsResolver> resolver) {
        List<Multiaddr> parsed = new ArrayList<>();
        for (String e : entries) {
            try {
                Multiaddr a = Multiaddr.parse(e);
                if (a.peerId().isEmpty()) {
                    LOG.log(System.Logger.Level.WARNING, "ignoring bootstrap address " + e + ": it names no peer "
                            + "(add /p2p/<peer id>)");
                    continue;
                }
                parsed.add(a);
            } catch (IllegalArgumentException x) {
                LOG.log(System.Logger.Level.WARNING, "ignoring bootstrap address " + e + ": " + x.getMessage());
            }
        }
        this.entries = List.copyOf(parsed);
        this.resolver = resolver;
    }

    /** The entries as parsed (for {@code bootstrap list}). */
    public List<Multiaddr> entries() {
        return entries;
    }

    @Override
    public CompletableFuture<List<PeerInfo>> get() {
        List<CompletableFuture<List<Multiaddr>>> resolved = new ArrayList<>();
        for (Multiaddr a : entries) {
            if (!DnsResolver.needsResolution(a)) {
                resolved.add(CompletableFuture.completedFuture(List.of(a)));
                continue;
            }
            resolved.add(resolver.get().resolve(a).exceptionally(err -> {
                LOG.log(System.Logger.Level.INFO, "could not resolve bootstrap address " + a + ": " + err.getMessage());
                return List.of();
            }));
        }
        return CompletableFuture.allOf(resolved.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<PeerId, Set<Multiaddr>> byPeer = new LinkedHashMap<>();
            for (CompletableFuture<List<Multiaddr>> f : resolved) {
                for (Multiaddr a : f.getNow(List.of())) {
                    a.peerId().ifPresent(p -> byPeer.computeIfAbsent(p, k -> new LinkedHashSet<>()).add(a.withoutPeerId()));
                }
            }
            List<PeerInfo> out = new ArrayList<>();
            byPeer.forEach((p, addrs) -> out.add(new PeerInfo(p, List.copyOf(addrs))));
            return out;
        });
    }
}
