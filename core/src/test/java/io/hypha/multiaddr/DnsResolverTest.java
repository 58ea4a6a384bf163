package io.hypha.multiaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.internal.netty.EventLoops;
import io.hypha.testing.LocalDnsServer;
import io.hypha.testing.LogCapture;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.resolver.HostsFileEntriesResolver;
import io.netty.resolver.ResolvedAddressTypes;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DnsResolverTest {
    // Bootstrap peer ids of the public Amino DHT (go-libp2p-kad-dht dht_bootstrap.go): RSA keys, Qm... form.
    private static final String NNOO = "QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN";
    private static final String QCU2 = "QmQCU2EcMqAqQPR2i9bChDtGNJchTbq5TbXJJ16u19uLTa";
    private static final String BLHA = "QmbLHAnMoJPWSCR5Zhtx6BHJX9KiKNN6tpvbUcqanj75Nb";
    private static final String CZF5 = "QmcZf59bWwK5XFi76CZX8cbJ4BhTzzA3gU1ZjYZcYW3dwt";

    private EventLoopGroup group;
    private LocalDnsServer dns;
    private DnsResolver resolver;

    @BeforeEach
    void start() {
        group = EventLoops.newGroup(1, "dns-test");
        dns = LocalDnsServer.start();
        resolver = DnsResolver.using(group, List.of(dns.address()));
    }

    @AfterEach
    void stop() {
        resolver.close();
        dns.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private List<Multiaddr> resolve(String address) throws Exception {
        return resolver.resolve(Multiaddr.parse(address)).get(10, TimeUnit.SECONDS);
    }

    private Throwable failure(String address) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> resolver.resolve(Multiaddr.parse(address)).get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    private static List<Multiaddr> addrs(String... text) {
        return java.util.Arrays.stream(text).map(Multiaddr::parse).toList();
    }

    @Test
    void dns4GivesTheARecordsAndKeepsTheRest() throws Exception {
        dns.addA("node.example", "192.0.2.1").addA("node.example", "192.0.2.2").addAaaa("node.example", "2001:db8::1");
        assertEquals(addrs("/ip4/192.0.2.1/tcp/4001/p2p/" + NNOO, "/ip4/192.0.2.2/tcp/4001/p2p/" + NNOO),
                resolve("/dns4/node.example/tcp/4001/p2p/" + NNOO));
    }

    @Test
    void dns6GivesTheAaaaRecordsOnly() throws Exception {
        dns.addA("node.example", "192.0.2.1").addAaaa("node.example", "2001:db8::1");
        assertEquals(addrs("/ip6/2001:db8::1/udp/4001/quic-v1"), resolve("/dns6/node.example/udp/4001/quic-v1"));
    }

    @Test
    void dnsGivesBothFamiliesIpv4First() throws Exception {
        dns.addAaaa("node.example", "2001:db8::1").addA("node.example", "192.0.2.1");
        assertEquals(addrs("/ip4/192.0.2.1/tcp/1", "/ip6/2001:db8::1/tcp/1"), resolve("/dns/node.example/tcp/1"));
    }

    /** The zone as libp2p.io publishes it (multiaddr DNSADDR.md), with our own addresses. */
    private void bootstrapZone() {
        dns.addTxt("_dnsaddr.bootstrap.libp2p.io", "dnsaddr=/dnsaddr/sjc-1.bootstrap.libp2p.io/p2p/" + NNOO)
                .addTxt("_dnsaddr.bootstrap.libp2p.io", "dnsaddr=/dnsaddr/ams-2.bootstrap.libp2p.io/p2p/" + BLHA)
                .addTxt("_dnsaddr.bootstrap.libp2p.io", "dnsaddr=/dnsaddr/nrt-1.bootstrap.libp2p.io/p2p/" + CZF5)
                .addTxt("_dnsaddr.bootstrap.libp2p.io", "dnsaddr=/dnsaddr/ewr-1.bootstrap.libp2p.io/p2p/" + QCU2);
        dns.addTxt("_dnsaddr.sjc-1.bootstrap.libp2p.io", "dnsaddr=/ip4/192.0.2.10/tcp/4001/p2p/" + NNOO)
                .addTxt("_dnsaddr.sjc-1.bootstrap.libp2p.io", "dnsaddr=/ip6/2001:db8::10/tcp/4001/p2p/" + NNOO)
                .addTxt("_dnsaddr.sjc-1.bootstrap.libp2p.io", "dnsaddr=/ip4/192.0.2.10/udp/4001/quic-v1/p2p/" + NNOO)
                .addTxt("_dnsaddr.sjc-1.bootstrap.libp2p.io",
                        "dnsaddr=/dns4/sjc-1.bootstrap.libp2p.io/tcp/443/wss/p2p/" + NNOO)
                .addA("sjc-1.bootstrap.libp2p.io", "192.0.2.10");
        dns.addTxt("_dnsaddr.ams-2.bootstrap.libp2p.io", "dnsaddr=/ip4/192.0.2.20/tcp/4001/p2p/" + BLHA);
        dns.addTxt("_dnsaddr.nrt-1.bootstrap.libp2p.io", "dnsaddr=/ip4/192.0.2.30/tcp/4001/p2p/" + CZF5);
        dns.addTxt("_dnsaddr.ewr-1.bootstrap.libp2p.io", "dnsaddr=/ip4/192.0.2.40/tcp/4001/p2p/" + QCU2);
    }

    @Test
    void bootstrapDnsaddrResolvesThroughTwoLevelsToOnePeersAddresses() throws Exception {
        bootstrapZone();
        assertEquals(addrs("/ip4/192.0.2.10/tcp/4001/p2p/" + NNOO,
                        "/ip6/2001:db8::10/tcp/4001/p2p/" + NNOO,
                        "/ip4/192.0.2.10/udp/4001/quic-v1/p2p/" + NNOO,
                        "/ip4/192.0.2.10/tcp/443/wss/p2p/" + NNOO),
                resolve("/dnsaddr/bootstrap.libp2p.io/p2p/" + NNOO));
        // the other peers' records were filtered out before their names were looked up
        assertEquals(0, dns.queries("_dnsaddr.ams-2.bootstrap.libp2p.io"));
        assertEquals(0, dns.queries("_dnsaddr.ewr-1.bootstrap.libp2p.io"));
    }

    @Test
    void dnsaddrWithoutPeerIdGivesEveryPeersAddresses() throws Exception {
        bootstrapZone();
        List<Multiaddr> all = resolve("/dnsaddr/bootstrap.libp2p.io");
        assertEquals(7, all.size(), all.toString());
        assertEquals(Multiaddr.parse("/ip4/192.0.2.20/tcp/4001/p2p/" + BLHA), all.get(4));
        assertEquals(Multiaddr.parse("/ip4/192.0.2.40/tcp/4001/p2p/" + QCU2), all.get(6));
    }

    @Test
    void onlyRecordsEndingInTheAskedPeerIdAreKept() throws Exception {
        dns.addTxt("_dnsaddr.mixed.example", "dnsaddr=/ip4/192.0.2.1/tcp/1")                 // no id: dropped
                .addTxt("_dnsaddr.mixed.example", "dnsaddr=/ip4/192.0.2.2/tcp/1/p2p/" + BLHA) // another peer
                .addTxt("_dnsaddr.mixed.example", "dnsaddr=/ip4/192.0.2.3/tcp/1/ipfs/" + NNOO) // old name, same id
                .addTxt("_dnsaddr.mixed.example", "dnsaddr=/p2p/" + NNOO + "/p2p-circuit/p2p/" + BLHA); // ends elsewhere
        assertEquals(addrs("/ip4/192.0.2.3/tcp/1/p2p/" + NNOO), resolve("/dnsaddr/mixed.example/p2p/" + NNOO));
        assertEquals(4, resolve("/dnsaddr/mixed.example").size());
    }

    @Test
    void aDnsaddrPointingAtItselfStopsAtTheDepthLimit() throws Exception {
        dns.addTxt("_dnsaddr.loop.example", "dnsaddr=/dnsaddr/loop.example")
                .addTxt("_dnsaddr.loop.example", "dnsaddr=/ip4/192.0.2.9/tcp/1");
        assertEquals(addrs("/ip4/192.0.2.9/tcp/1"), resolve("/dnsaddr/loop.example"));
        assertEquals(DnsResolver.MAX_DNSADDR_DEPTH, dns.queries("_dnsaddr.loop.example"));

        dns.addTxt("_dnsaddr.only-loop.example", "dnsaddr=/dnsaddr/only-loop.example");
        Throwable cause = failure("/dnsaddr/only-loop.example");
        assertInstanceOf(DnsResolutionException.class, cause);
        assertTrue(cause.getMessage().contains("deeper than " + DnsResolver.MAX_DNSADDR_DEPTH), cause.getMessage());
        assertEquals(DnsResolver.MAX_DNSADDR_DEPTH, dns.queries("_dnsaddr.only-loop.example"));
    }

    @Test
    void resultsStopAtTheCapAndLaterNamesAreNotLookedUp() throws Exception {
        int perName = 12;
        int names = DnsResolver.MAX_RESULTS / perName + 2; // 10 names: 120 addresses on offer
        List<Multiaddr> expected = new ArrayList<>();
        for (int n = 0; n < names; n++) {
            dns.addTxt("_dnsaddr.many.example", "dnsaddr=/dnsaddr/sub-" + n + ".many.example");
            for (int i = 0; i < perName; i++) {
                String address = "/ip4/198.51.100." + (n * perName + i) + "/tcp/1";
                dns.addTxt("_dnsaddr.sub-" + n + ".many.example", "dnsaddr=" + address);
                expected.add(Multiaddr.parse(address));
            }
        }
        assertEquals(expected.subList(0, DnsResolver.MAX_RESULTS), resolve("/dnsaddr/many.example"));
        int lastNeeded = (DnsResolver.MAX_RESULTS - 1) / perName;
        assertEquals(1, dns.queries("_dnsaddr.sub-" + lastNeeded + ".many.example"));
        assertEquals(0, dns.queries("_dnsaddr.sub-" + (lastNeeded + 1) + ".many.example"));
    }

    @Test
    void aFanOutIntoMissingNamesStopsAtTheLookupBudget() {
        int fanOut = DnsResolver.MAX_LOOKUPS + 8;
        for (int i = 0; i < fanOut; i++) {
            dns.addTxt("_dnsaddr.fan.example", "dnsaddr=/dnsaddr/gone-" + i + ".example");
        }
        Throwable cause = failure("/dnsaddr/fan.example");
        assertInstanceOf(DnsResolutionException.class, cause);
        assertTrue(cause.getMessage().contains(DnsResolver.MAX_LOOKUPS + " lookups"), cause.getMessage());
        // one lookup went to fan.example itself, the rest to the first names it lists
        assertEquals(1, dns.queries("_dnsaddr.gone-" + (DnsResolver.MAX_LOOKUPS - 2) + ".example"));
        assertEquals(0, dns.queries("_dnsaddr.gone-" + (DnsResolver.MAX_LOOKUPS - 1) + ".example"));
    }

    /**
     * NXDOMAIN is an answer (the name has no addresses), so the call succeeds with none; only a failure to get an
     * answer is an error, one worth retrying.
     */
    @Test
    void aMissingNameResolvesToNothing() throws Exception {
        assertEquals(List.of(), resolve("/dns4/missing.example/tcp/1"));
        assertEquals(List.of(), resolve("/dnsaddr/missing.example/p2p/" + NNOO));
        dns.addAaaa("v6only.example", "2001:db8::1"); // the name exists, without an A record
        assertEquals(List.of(), resolve("/dns4/v6only.example/tcp/1"));
    }

    @Test
    void aServerFailureFailsTheCallUnlessAnotherBranchFoundAddresses() throws Exception {
        dns.failWith("broken.example", DnsResponseCode.SERVFAIL);
        assertInstanceOf(DnsResolutionException.class, failure("/dns4/broken.example/tcp/1"));

        dns.addTxt("_dnsaddr.half.example", "dnsaddr=/dns4/broken.example/tcp/1")
                .addTxt("_dnsaddr.half.example", "dnsaddr=/ip4/192.0.2.1/tcp/1");
        assertEquals(addrs("/ip4/192.0.2.1/tcp/1"), resolve("/dnsaddr/half.example"));
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        dns.ignore("silent.example").ignore("_dnsaddr.silent.example");
        try (DnsResolver quick = DnsResolver.using(group, List.of(dns.address()), Duration.ofMillis(100),
                DnsResolver.RESOLVE_TIMEOUT)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> quick.resolve(Multiaddr.parse("/dns4/silent.example/tcp/1")).get(10, TimeUnit.SECONDS));
            assertInstanceOf(DnsResolutionException.class, e.getCause());
        }
        try (DnsResolver impatient = DnsResolver.using(group, List.of(dns.address()), DnsResolver.QUERY_TIMEOUT,
                Duration.ofMillis(100))) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> impatient.resolve(Multiaddr.parse("/dnsaddr/silent.example")).get(10, TimeUnit.SECONDS));
            assertInstanceOf(DnsResolutionException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("timed out"), e.getCause().getMessage());
        }
    }

    @Test
    void closingFailsCallsInProgressAndLaterCalls() {
        dns.ignore("silent.example");
        CompletableFuture<List<Multiaddr>> pending = resolver.resolve(Multiaddr.parse("/dns4/silent.example/tcp/1"));
        resolver.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(10, TimeUnit.SECONDS));
        assertInstanceOf(DnsResolutionException.class, e.getCause());
        ExecutionException later = assertThrows(ExecutionException.class,
                () -> resolver.resolve(Multiaddr.parse("/dns4/node.example/tcp/1")).get(10, TimeUnit.SECONDS));
        assertInstanceOf(DnsResolutionException.class, later.getCause());
    }

    @Test
    void addressesWithoutDnsPassThroughUntouched() throws Exception {
        Multiaddr plain = Multiaddr.parse("/ip4/192.0.2.1/tcp/4001/p2p/" + NNOO);
        assertFalse(DnsResolver.needsResolution(plain));
        assertTrue(DnsResolver.needsResolution(Multiaddr.parse("/p2p/" + NNOO + "/p2p-circuit/dns6/x.example/tcp/1")));
        CompletableFuture<List<Multiaddr>> done = resolver.resolve(plain);
        assertTrue(done.isDone());
        assertEquals(List.of(plain), done.get());
        assertSame(plain, done.get().get(0));
    }

    @Test
    void malformedRecordsAreIgnoredAndLoggedAtDebug() throws Exception {
        dns.addTxt("_dnsaddr.messy.example", "v=spf1 -all")                   // not a dnsaddr record: silently skipped
                .addTxt("_dnsaddr.messy.example", "dnsaddr=/ip4/999.0.0.1/tcp/1") // bad value
                .addTxt("_dnsaddr.messy.example", "dnsaddr=not a multiaddr")
                .addTxt("_dnsaddr.messy.example", "dnsaddr=/ip4/192.0.2.1/tcp/1");
        Logger logger = Logger.getLogger(DnsResolver.class.getName());
        try (LogCapture log = LogCapture.of(DnsResolver.class)) {
            logger.setLevel(Level.FINE);
            assertEquals(addrs("/ip4/192.0.2.1/tcp/1"), resolve("/dnsaddr/messy.example"));
            assertEquals(2, log.records().stream().filter(r -> r.getLevel() == Level.FINE
                    && r.getMessage().contains("malformed dnsaddr record")).count(), log.records().toString());
            assertFalse(log.contains(Level.FINE, "spf1"));
        }
    }

    /** A value past 255 bytes comes as several character-strings in one record; they are one value. */
    @Test
    void aLongTxtValueSplitIntoStringsIsJoined() throws Exception {
        String host = "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + ".example";
        String value = "dnsaddr=/dns4/" + host + "/tcp/4001/p2p/" + NNOO;
        assertTrue(value.length() > 255);
        dns.addTxt("_dnsaddr.long.example", value).addA(host, "192.0.2.7");
        assertEquals(addrs("/ip4/192.0.2.7/tcp/4001/p2p/" + NNOO), resolve("/dnsaddr/long.example/p2p/" + NNOO));
    }

    /** The system resolver reads the platform's configuration; the hosts file answers, so no query leaves. */
    @Test
    void theSystemResolverAnswersFromTheHostsFile() throws Exception {
        InetAddress localhost = HostsFileEntriesResolver.DEFAULT.address("localhost", ResolvedAddressTypes.IPV4_ONLY);
        Assumptions.assumeTrue(localhost != null, "the hosts file names no IPv4 localhost");
        try (DnsResolver system = DnsResolver.system(group)) {
            List<Multiaddr> got = system.resolve(Multiaddr.parse("/dns4/localhost/tcp/4001")).get(10, TimeUnit.SECONDS);
            assertTrue(got.contains(Multiaddr.parse("/ip4/" + localhost.getHostAddress() + "/tcp/4001")), got.toString());
        }
    }

    /** As go-multiaddr-dns: the first DNS component is resolved wherever it stands, what comes before is kept. */
    @Test
    void componentsBeforeTheNameAreKept() throws Exception {
        dns.addA("target.example", "192.0.2.5");
        assertEquals(addrs("/p2p/" + BLHA + "/p2p-circuit/ip4/192.0.2.5/tcp/1"),
                resolve("/p2p/" + BLHA + "/p2p-circuit/dns4/target.example/tcp/1"));
    }
}
