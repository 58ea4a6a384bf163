package io.hypha.multiaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The resolution rules without sockets: lookups answered at once from a map, on the test thread. */
class DnsResolutionTest {
    private final Map<String, List<String>> txt = new HashMap<>();
    private final Map<String, List<Component>> ips = new HashMap<>();
    private final List<String> asked = new ArrayList<>();

    private final DnsResolution.Lookups lookups = new DnsResolution.Lookups() {
        @Override
        public CompletableFuture<List<Component>> addresses(String name, Protocol protocol) {
            asked.add(protocol.protocolName() + " " + name);
            if (name.startsWith("fail")) {
                return CompletableFuture.failedFuture(new DnsResolutionException("SERVFAIL for " + name));
            }
            return CompletableFuture.completedFuture(ips.getOrDefault(name, List.of()));
        }

        @Override
        public CompletableFuture<List<String>> txt(String name) {
            asked.add("txt " + name);
            return CompletableFuture.completedFuture(txt.getOrDefault(name, List.of()));
        }
    };

    private CompletableFuture<List<Multiaddr>> resolve(String address) {
        DnsResolution resolution = new DnsResolution(lookups, new CompletableFuture<>());
        resolution.start(Multiaddr.parse(address));
        return resolution.result();
    }

    /** A chain of distinct names: {@code /dnsaddr/n0 -> /dnsaddr/n1 -> ... -> /ip4}, {@code levels} TXT lookups. */
    private void chain(int levels) {
        for (int i = 0; i < levels - 1; i++) {
            txt.put("_dnsaddr.n" + i + ".example", List.of("dnsaddr=/dnsaddr/n" + (i + 1) + ".example"));
        }
        txt.put("_dnsaddr.n" + (levels - 1) + ".example", List.of("dnsaddr=/ip4/192.0.2.1/tcp/1"));
    }

    @Test
    void aChainAsDeepAsTheLimitResolves() {
        chain(DnsResolver.MAX_DNSADDR_DEPTH);
        assertEquals(List.of(Multiaddr.parse("/ip4/192.0.2.1/tcp/1")), resolve("/dnsaddr/n0.example").join());
        assertEquals(DnsResolver.MAX_DNSADDR_DEPTH, asked.size());
    }

    @Test
    void aChainOneDeeperThanTheLimitFails() {
        chain(DnsResolver.MAX_DNSADDR_DEPTH + 1);
        CompletableFuture<List<Multiaddr>> result = resolve("/dnsaddr/n0.example");
        assertTrue(result.isCompletedExceptionally());
        assertInstanceOf(DnsResolutionException.class, result.exceptionNow());
        assertEquals(DnsResolver.MAX_DNSADDR_DEPTH, asked.size(), asked.toString());
    }

    /** Resolving a /dns4 does not count as a dnsaddr level: a chain at the limit may still end in a name. */
    @Test
    void namesAtTheEndOfAFullChainAreStillResolved() {
        chain(DnsResolver.MAX_DNSADDR_DEPTH);
        txt.put("_dnsaddr.n" + (DnsResolver.MAX_DNSADDR_DEPTH - 1) + ".example",
                List.of("dnsaddr=/dns4/host.example/tcp/1"));
        ips.put("host.example", List.of(Component.parse(Protocol.IP4, "192.0.2.2")));
        assertEquals(List.of(Multiaddr.parse("/ip4/192.0.2.2/tcp/1")), resolve("/dnsaddr/n0.example").join());
    }

    @Test
    void recordsKeepTheirOrderAndDuplicatesCollapse() {
        txt.put("_dnsaddr.x.example", List.of("dnsaddr=/ip4/192.0.2.2/tcp/1", "dnsaddr=/dns4/h.example/tcp/1",
                "dnsaddr=/ip4/192.0.2.1/tcp/1"));
        ips.put("h.example", List.of(Component.parse(Protocol.IP4, "192.0.2.1"),
                Component.parse(Protocol.IP4, "192.0.2.3")));
        assertEquals(List.of(Multiaddr.parse("/ip4/192.0.2.2/tcp/1"), Multiaddr.parse("/ip4/192.0.2.1/tcp/1"),
                        Multiaddr.parse("/ip4/192.0.2.3/tcp/1")),
                resolve("/dnsaddr/x.example").join());
    }

    @Test
    void aFailureIsTheOutcomeOnlyWhenNothingWasFound() {
        CompletableFuture<List<Multiaddr>> alone = resolve("/dns4/fail.example/tcp/1");
        assertInstanceOf(DnsResolutionException.class, alone.exceptionNow());

        txt.put("_dnsaddr.x.example", List.of("dnsaddr=/dns4/fail.example/tcp/1", "dnsaddr=/ip4/192.0.2.1/tcp/1"));
        assertEquals(List.of(Multiaddr.parse("/ip4/192.0.2.1/tcp/1")), resolve("/dnsaddr/x.example").join());
    }

    @Test
    void theSuffixAfterTheDnsaddrMustMatchWholeComponents() {
        txt.put("_dnsaddr.x.example", List.of("dnsaddr=/ip4/192.0.2.1/tcp/4001", "dnsaddr=/ip4/192.0.2.2/tcp/14001",
                "dnsaddr=/ip4/192.0.2.3/udp/4001", "dnsaddr=/tcp/4001"));
        // "/tcp/4001" is the suffix alone: no address is left, so it is dropped as go-multiaddr-dns drops it
        assertEquals(List.of(Multiaddr.parse("/ip4/192.0.2.1/tcp/4001")), resolve("/dnsaddr/x.example/tcp/4001").join());
    }
}
