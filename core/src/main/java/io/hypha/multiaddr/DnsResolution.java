package io.hypha.multiaddr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One {@link DnsResolver#resolve} call: the sans-IO part of resolution. It holds the addresses still to
 * resolve, asks its {@link Lookups} for one name at a time and turns the answers into multiaddrs, until no
 * address has a DNS component left, {@link DnsResolver#MAX_RESULTS} addresses are found, or a budget runs
 * out. Not thread-safe: every method, and every lookup completion, runs on one thread (the resolver's
 * event loop).
 *
 * <p>Each step resolves the <em>first</em> DNS component of an address and keeps what stands before and after
 * it, as go-multiaddr-dns {@code Resolver.Resolve} does; the results go back on the work list, so a
 * {@code /dnsaddr} record naming a {@code /dns4} address, or another {@code /dnsaddr}, is resolved in turn.
 * Work is depth-first and sequential, so results come in record order and the budgets are spent
 * deterministically.
 *
 * <p>Outcome: the distinct addresses found, if any (a failed branch is then only logged, as go-libp2p's
 * swarm drops a dnsaddr it cannot resolve); otherwise the first failure; otherwise the empty list (every
 * name answered, none with a usable record).
 */
final class DnsResolution {
    private static final System.Logger LOG = System.getLogger(DnsResolver.class.getName());

    /** Prefix of a {@code dnsaddr} TXT value (multiaddr {@code protocols/DNSADDR.md}). */
    static final String DNSADDR_TXT_PREFIX = "dnsaddr=";

    /** Prefix of the name whose TXT records a {@code /dnsaddr/<name>} resolves through (DNSADDR.md). */
    static final String DNSADDR_NAME_PREFIX = "_dnsaddr.";

    /** The name lookups a resolution needs; the futures complete on the resolution's thread. */
    interface Lookups {
        /**
         * The {@code /ip4} (A) and/or {@code /ip6} (AAAA) components of {@code name}, as {@code protocol}
         * ({@code dns4}, {@code dns6} or {@code dns}) asks; empty when the name has none or does not exist;
         * fails with {@link DnsResolutionException} when that could not be found out.
         */
        CompletableFuture<List<Component>> addresses(String name, Protocol protocol);

        /** The TXT values of {@code name} (each record's strings joined); empty and failures as above. */
        CompletableFuture<List<String>> txt(String name);
    }

    private record Pending(Multiaddr address, int dnsaddrDepth) {}

    private final Lookups lookups;
    private final CompletableFuture<List<Multiaddr>> result;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final LinkedHashSet<Multiaddr> resolved = new LinkedHashSet<>();
    private int lookupsLeft = DnsResolver.MAX_LOOKUPS;
    private DnsResolutionException firstFailure;

    DnsResolution(Lookups lookups, CompletableFuture<List<Multiaddr>> result) {
        this.lookups = lookups;
        this.result = result;
    }

    /** Starts resolving {@code address}; {@link #result} completes when done. */
    void start(Multiaddr address) {
        pending.push(new Pending(address, 0));
        pump();
    }

    /** The future this resolution completes. */
    CompletableFuture<List<Multiaddr>> result() {
        return result;
    }

    /** Ends the resolution now: what was found so far if anything, else {@code cause}. */
    void deadline(DnsResolutionException cause) {
        if (!result.isDone()) {
            note(cause);
            finish();
        }
    }

    /** Ends the resolution now with {@code cause}, whatever was found (the resolver is closing). */
    void abort(DnsResolutionException cause) {
        result.completeExceptionally(cause);
    }

    /** Whether any component of {@code address} is resolved through DNS. */
    static boolean needsResolution(Multiaddr address) {
        return firstDnsComponent(address) >= 0;
    }

    private void pump() {
        while (!result.isDone()) {
            if (pending.isEmpty() || resolved.size() >= DnsResolver.MAX_RESULTS) {
                finish();
                return;
            }
            Pending next = pending.pop();
            Multiaddr address = next.address();
            int index = firstDnsComponent(address);
            if (index < 0) {
                resolved.add(address);
                continue;
            }
            Component dns = address.components().get(index);
            boolean dnsaddr = dns.protocol() == Protocol.DNSADDR;
            if (dnsaddr && next.dnsaddrDepth() >= DnsResolver.MAX_DNSADDR_DEPTH) {
                note(new DnsResolutionException("dnsaddr records nest deeper than "
                        + DnsResolver.MAX_DNSADDR_DEPTH + " levels at " + address));
                continue;
            }
            if (lookupsLeft == 0) {
                note(new DnsResolutionException("gave up on " + address + " after "
                        + DnsResolver.MAX_LOOKUPS + " lookups"));
                continue;
            }
            lookupsLeft--;
            String name = dns.valueString();
            int depth = dnsaddr ? next.dnsaddrDepth() + 1 : next.dnsaddrDepth();
            CompletableFuture<List<Multiaddr>> expanded = dnsaddr
                    ? lookups.txt(DNSADDR_NAME_PREFIX + name).thenApply(values -> expandDnsaddr(address, index, values))
                    : lookups.addresses(name, dns.protocol()).thenApply(ips -> expandIps(address, index, ips));
            expanded.whenComplete((addresses, error) -> {
                if (result.isDone()) {
                    return;
                }
                if (error != null) {
                    note(error instanceof DnsResolutionException e ? e
                            : new DnsResolutionException("resolving " + address + " failed", error));
                } else {
                    for (int i = addresses.size() - 1; i >= 0; i--) {
                        pending.push(new Pending(addresses.get(i), depth));
                    }
                }
                pump();
            });
            return; // one lookup at a time: the completion above pumps on
        }
    }

    private void note(DnsResolutionException failure) {
        LOG.log(System.Logger.Level.DEBUG, () -> "dns resolution: " + failure.getMessage());
        if (firstFailure == null) {
            firstFailure = failure;
        }
    }

    private void finish() {
        if (!resolved.isEmpty()) {
            result.complete(List.copyOf(resolved));
        } else if (firstFailure != null) {
            result.completeExceptionally(firstFailure);
        } else {
            result.complete(List.of());
        }
    }

    /** Index of the first {@code dns}, {@code dns4}, {@code dns6} or {@code dnsaddr} component, or -1. */
    private static int firstDnsComponent(Multiaddr address) {
        List<Component> components = address.components();
        for (int i = 0; i < components.size(); i++) {
            switch (components.get(i).protocol()) {
                case DNS, DNS4, DNS6, DNSADDR -> {
                    return i;
                }
                default -> { }
            }
        }
        return -1;
    }

    /** {@code address} with its component at {@code index} replaced by each IP component in turn. */
    static List<Multiaddr> expandIps(Multiaddr address, int index, List<Component> ips) {
        List<Component> components = address.components();
        List<Multiaddr> out = new ArrayList<>(ips.size());
        for (Component ip : ips) {
            List<Component> replaced = new ArrayList<>(components);
            replaced.set(index, ip);
            try {
                out.add(Multiaddr.of(replaced.toArray(Component[]::new)));
            } catch (MultiaddrException e) { // an IPv6 address longer than the name, past the size limit
                LOG.log(System.Logger.Level.DEBUG, () -> "ignoring " + ip + " for " + address + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * The multiaddrs that the TXT {@code values} of the {@code /dnsaddr} component at {@code index} stand for.
     * Values without the {@code dnsaddr=} prefix are not ours and skipped; values that do not parse are
     * skipped and logged at DEBUG (go-multiaddr-dns discards them too). When components follow the
     * {@code /dnsaddr} (typically {@code /p2p/<id>}), only records that end with exactly those components are
     * kept, as go-multiaddr-dns matches the suffix: a {@code _dnsaddr} name such as
     * {@code bootstrap.libp2p.io} lists several peers, and a record without the asked-for id cannot be
     * told to belong to that peer, so it is dropped rather than given the id. What stood before the
     * {@code /dnsaddr} is kept in front.
     */
    static List<Multiaddr> expandDnsaddr(Multiaddr address, int index, List<String> values) {
        List<Component> components = address.components();
        List<Component> before = components.subList(0, index);
        List<Component> suffix = components.subList(index + 1, components.size());
        List<Multiaddr> out = new ArrayList<>();
        for (String value : values) {
            if (!value.startsWith(DNSADDR_TXT_PREFIX)) {
                continue;
            }
            Multiaddr record;
            try {
                record = Multiaddr.parse(value.substring(DNSADDR_TXT_PREFIX.length()));
            } catch (MultiaddrException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "ignoring malformed dnsaddr record '"
                        + Component.abbreviate(value) + "' for " + address + ": " + e.getMessage());
                continue;
            }
            List<Component> got = record.components();
            // a record that is the suffix alone has no address left (go-multiaddr-dns skips it too)
            if (!suffix.isEmpty() && (got.size() <= suffix.size()
                    || !got.subList(got.size() - suffix.size(), got.size()).equals(suffix))) {
                continue;
            }
            try {
                out.add(Multiaddr.of(before.toArray(Component[]::new)).encapsulate(record));
            } catch (MultiaddrException e) {
                LOG.log(System.Logger.Level.DEBUG, () -> "ignoring dnsaddr record '" + Component.abbreviate(value)
                        + "' for " + address + ": " + e.getMessage());
            }
        }
        return out;
    }
}
