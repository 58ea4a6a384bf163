package io.hypha.multiaddr;

import io.hypha.internal.netty.EventLoops;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsErrorCauseException;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Resolves the DNS components of multiaddrs into addresses that can be dialed, with Netty's DNS client:
 * <ul>
 *   <li>{@code /dns4/<name>/...} becomes one {@code /ip4/<a>/...} per A record, {@code /dns6} one
 *       {@code /ip6} per AAAA record, {@code /dns} both (IPv4 first); the rest of the address is kept;</li>
 *   <li>{@code /dnsaddr/<name>/...} becomes the multiaddrs in the {@code dnsaddr=<multiaddr>} TXT records of
 *       {@code _dnsaddr.<name>} (multiaddr {@code protocols/DNSADDR.md}), resolved again in turn. When
 *       components follow the {@code /dnsaddr} (usually {@code /p2p/<id>}), only records ending in exactly
 *       those components are kept, as go-multiaddr-dns does: {@code /dnsaddr/bootstrap.libp2p.io/p2p/QmNnoo...}
 *       gives the addresses of that one bootstrap peer;</li>
 *   <li>an address without DNS components is its own, only result.</li>
 * </ul>
 * Bounds, as go-libp2p's swarm bounds its resolution: at most {@link #MAX_DNSADDR_DEPTH} nested
 * {@code /dnsaddr} levels, {@link #MAX_LOOKUPS} lookups and {@link #MAX_RESULTS} distinct results per call,
 * {@link #QUERY_TIMEOUT} per DNS query and {@link #RESOLVE_TIMEOUT} per call.
 *
 * <p>A name that does not exist (NXDOMAIN) or has no record of the asked type resolves to nothing, not to an
 * error: that is an answer, and the caller should not retry it (go's resolver reports it as an error, which
 * go-libp2p's swarm then only logs). A failure (timeout, SERVFAIL, a budget or the nesting limit exceeded)
 * completes the future with {@link DnsResolutionException} when nothing was found; when other branches found
 * addresses, those are returned and the failure is logged at DEBUG. {@link #close} fails the calls in
 * progress whatever they found. Futures complete on the resolver's event loop (or the closing thread):
 * compose them, never block in a callback.
 *
 * <p>Unlike go-libp2p, an address still holding a {@code /dnsaddr} at the nesting limit is dropped, not
 * returned unresolved (no transport can dial it), and duplicates are removed.
 */
public final class DnsResolver implements AutoCloseable {
    /** Nested {@code /dnsaddr} lookups followed in one chain (go-libp2p {@code maximumDNSADDRRecursion}). */
    public static final int MAX_DNSADDR_DEPTH = 4;

    /**
     * Distinct addresses one call returns at most (go-multiaddr-dns {@code maxResolvedAddrs}, go-libp2p
     * {@code maximumResolvedAddresses}).
     */
    public static final int MAX_RESULTS = 100;

    /**
     * Name lookups one call makes at most, whatever the records say (go-libp2p's swarm allowed 32 resolution
     * steps, {@code maxAddressResolution}, before its 2024 rework). With {@link #MAX_RESULTS} this bounds a
     * hostile zone that fans out into names that never resolve.
     */
    public static final int MAX_LOOKUPS = 32;

    /** One DNS query's timeout (the resolv.conf default, {@code timeout:5}). */
    public static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    /** A whole {@link #resolve} call's timeout: what was found by then is returned, else it fails. */
    public static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger(DnsResolver.class.getName());

    private final EventLoop loop;
    private final DnsNameResolver resolver;
    private final Duration resolveTimeout;
    private final Set<DnsResolution> active = ConcurrentHashMap.newKeySet();
    private final DnsResolution.Lookups lookups = new NettyLookups();
    private volatile boolean closed;

    private DnsResolver(EventLoop loop, DnsNameResolver resolver, Duration resolveTimeout) {
        this.loop = loop;
        this.resolver = resolver;
        this.resolveTimeout = resolveTimeout;
    }

    /**
     * A resolver using the system's name servers, search domains and options ({@code /etc/resolv.conf} on
     * Unix, as Netty reads it) and the hosts file, on one event loop of {@code group}.
     */
    public static DnsResolver system(EventLoopGroup group) {
        Objects.requireNonNull(group, "group");
        EventLoop loop = group.next();
        return new DnsResolver(loop, builder(group, loop, QUERY_TIMEOUT).build(), RESOLVE_TIMEOUT);
    }

    /**
     * A resolver asking these name servers, in order, with no search domains (names are taken as written);
     * the hosts file still answers A and AAAA lookups first.
     *
     * @throws IllegalArgumentException if {@code nameServers} is empty
     */
    public static DnsResolver using(EventLoopGroup group, List<InetSocketAddress> nameServers) {
        return using(group, nameServers, QUERY_TIMEOUT, RESOLVE_TIMEOUT);
    }

    /** {@link #using(EventLoopGroup, List)} with other timeouts, for tests of the timeout paths. */
    static DnsResolver using(EventLoopGroup group, List<InetSocketAddress> nameServers, Duration queryTimeout,
                             Duration resolveTimeout) {
        Objects.requireNonNull(group, "group");
        List<InetSocketAddress> servers = List.copyOf(nameServers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no name servers");
        }
        EventLoop loop = group.next();
        DnsNameResolver resolver = builder(group, loop, queryTimeout)
                .nameServerProvider(new SequentialDnsServerAddressStreamProvider(servers))
                .searchDomains(List.of())
                .build();
        return new DnsResolver(loop, resolver, resolveTimeout);
    }

    private static DnsNameResolverBuilder builder(EventLoopGroup group, EventLoop loop, Duration queryTimeout) {
        return new DnsNameResolverBuilder(loop)
                .datagramChannelType(EventLoops.datagramChannel(group))
                // a truncated UDP answer (a long TXT set) is asked again over TCP
                .socketChannelType(EventLoops.socketChannel(group))
                .queryTimeoutMillis(queryTimeout.toMillis())
                // A and AAAA for every name (as go's LookupIPAddr), IPv4 first; /dns4 and /dns6 filter
                .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED);
    }

    /**
     * Whether {@code address} has a {@code /dns}, {@code /dns4}, {@code /dns6} or {@code /dnsaddr} component,
     * which {@link #resolve} would replace (go-multiaddr-dns {@code Matches}).
     */
    public static boolean needsResolution(Multiaddr address) {
        return DnsResolution.needsResolution(Objects.requireNonNull(address, "address"));
    }

    /**
     * The addresses {@code address} stands for, none of them with a DNS component, in record order without
     * duplicates; {@code address} itself when it has no DNS component. See the class comment for the rules,
     * bounds and failures.
     */
    public CompletableFuture<List<Multiaddr>> resolve(Multiaddr address) {
        Objects.requireNonNull(address, "address");
        if (!needsResolution(address)) {
            return CompletableFuture.completedFuture(List.of(address));
        }
        DnsResolution resolution = new DnsResolution(lookups, new CompletableFuture<>());
        if (closed) {
            resolution.abort(closedException());
            return resolution.result();
        }
        try {
            loop.execute(() -> start(resolution, address));
        } catch (RejectedExecutionException e) {
            resolution.abort(new DnsResolutionException("resolver's event loop is shut down", e));
        }
        return resolution.result();
    }

    private void start(DnsResolution resolution, Multiaddr address) {
        active.add(resolution);
        if (closed) { // close() may have run before the add: it would not have seen this resolution
            active.remove(resolution);
            resolution.abort(closedException());
            return;
        }
        ScheduledFuture<?> timer = loop.schedule(() -> resolution.deadline(new DnsResolutionException(
                "resolving " + address + " timed out after " + resolveTimeout.toMillis() + " ms")),
                resolveTimeout.toMillis(), TimeUnit.MILLISECONDS);
        resolution.result().whenComplete((addresses, error) -> {
            timer.cancel(false);
            active.remove(resolution);
        });
        resolution.start(address);
    }

    /**
     * Closes the resolver: calls in progress fail with {@link DnsResolutionException}, later calls too. The
     * event loop group stays the caller's to shut down.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DnsResolution resolution : active) {
            resolution.abort(closedException());
        }
        try {
            loop.execute(resolver::close);
        } catch (RejectedExecutionException e) {
            resolver.close(); // the loop is gone; closing its channel is all that is left to do
        }
    }

    private static DnsResolutionException closedException() {
        return new DnsResolutionException("DNS resolver closed");
    }

    /**
     * A and AAAA through {@code resolveAll(String)}, which asks for both (IPv4 first, as the resolver is built)
     * and answers from the hosts file first; {@code resolveAll(DnsQuestion)} would not, as the question's name
     * gains a trailing dot the hosts file does not match. TXT through {@code resolveAll(DnsQuestion)}, which
     * unlike {@code query} follows CNAMEs and tries every name server.
     */
    private final class NettyLookups implements DnsResolution.Lookups {
        @Override
        public CompletableFuture<List<Component>> addresses(String name, Protocol protocol) {
            CompletableFuture<List<Component>> out = new CompletableFuture<>();
            resolver.resolveAll(name).addListener((Future<List<InetAddress>> f) -> {
                if (failed(f, out, name, protocol.protocolName())) {
                    return;
                }
                List<Component> ips = new ArrayList<>();
                for (InetAddress address : f.getNow()) {
                    if (address instanceof Inet4Address && protocol != Protocol.DNS6) {
                        ips.add(new Component(Protocol.IP4, address.getAddress()));
                    } else if (address instanceof Inet6Address && protocol != Protocol.DNS4) {
                        ips.add(new Component(Protocol.IP6, address.getAddress()));
                    }
                }
                out.complete(ips);
            });
            return out;
        }

        @Override
        public CompletableFuture<List<String>> txt(String name) {
            CompletableFuture<List<String>> out = new CompletableFuture<>();
            resolver.resolveAll(new DefaultDnsQuestion(name, DnsRecordType.TXT)).addListener(
                    (Future<List<DnsRecord>> f) -> {
                        if (failed(f, out, name, "TXT")) {
                            return;
                        }
                        List<DnsRecord> records = f.getNow();
                        try {
                            List<String> values = new ArrayList<>(records.size());
                            for (DnsRecord record : records) {
                                if (record.type().equals(DnsRecordType.TXT) && record instanceof DnsRawRecord raw) {
                                    String value = txtValue(name, raw.content());
                                    if (value != null) {
                                        values.add(value);
                                    }
                                }
                            }
                            out.complete(values);
                        } catch (RuntimeException e) {
                            out.completeExceptionally(new DnsResolutionException("reading the TXT records of "
                                    + name + " failed", e));
                        } finally {
                            for (DnsRecord record : records) {
                                ReferenceCountUtil.release(record);
                            }
                        }
                    });
            return out;
        }
    }

    /**
     * Settles {@code out} from a failed lookup and returns true, or returns false when {@code f} succeeded:
     * a name without such records completes it empty, anything else with {@link DnsResolutionException}.
     */
    private static <T> boolean failed(Future<?> f, CompletableFuture<List<T>> out, String name, String what) {
        if (f.isSuccess()) {
            return false;
        }
        if (isAnswerWithoutRecords(f.cause())) {
            out.complete(List.of());
        } else {
            out.completeExceptionally(new DnsResolutionException(
                    what + " lookup of " + name + " failed: " + f.cause().getMessage(), f.cause()));
        }
        return true;
    }

    /**
     * Whether a failed lookup was an answer after all: the name does not exist (NXDOMAIN) or has no record of
     * the type (Netty then fails with an {@link UnknownHostException} without a cause). Timeouts, SERVFAIL and
     * transport errors carry their cause and are real failures.
     */
    private static boolean isAnswerWithoutRecords(Throwable failure) {
        if (!(failure instanceof UnknownHostException)) {
            return false;
        }
        Throwable cause = failure.getCause();
        return cause == null || cause instanceof DnsErrorCauseException e
                && e.getCode().intValue() == DnsResponseCode.NXDOMAIN.intValue();
    }

    /**
     * A TXT record's value: its character-strings (RFC 1035 section 3.3.14, each a length byte and that many
     * bytes) joined, as go's {@code LookupTXT} joins them, so a value longer than 255 bytes survives.
     */
    private static String txtValue(String name, ByteBuf content) {
        int index = content.readerIndex();
        int end = content.writerIndex();
        byte[] joined = new byte[content.readableBytes()];
        int length = 0;
        while (index < end) {
            int stringLength = content.getUnsignedByte(index++);
            if (stringLength > end - index) {
                LOG.log(System.Logger.Level.DEBUG, () -> "ignoring a truncated TXT record for " + name);
                return null;
            }
            content.getBytes(index, joined, length, stringLength);
            index += stringLength;
            length += stringLength;
        }
        return new String(joined, 0, length, StandardCharsets.UTF_8);
    }
}
