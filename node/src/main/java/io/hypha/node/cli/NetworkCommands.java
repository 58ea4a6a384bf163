package io.hypha.node.cli;

import io.hypha.host.Connection;
import io.hypha.host.Host;
import io.hypha.protocol.identify.Identify;
import io.hypha.protocol.identify.IdentifyConfig;
import io.hypha.host.StreamNegotiationException;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.MultiformatException;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the commands that talk to one remote peer share: a short-lived host with a fresh identity (they
 * need no repo and can run beside a daemon), parsing of the peer's address, sizes and durations, and
 * failures turned into one line.
 */
final class NetworkCommands {
    /** How long connecting to the peer may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private NetworkCommands() {}

    static Multiaddr peerAddress(String text) {
        Multiaddr addr;
        try {
            addr = Multiaddr.parse(text);
        } catch (MultiformatException e) {
            throw new IllegalArgumentException("invalid multiaddr '" + text + "': " + e.getMessage(), e);
        }
        if (addr.peerId().isEmpty()) {
            throw new IllegalArgumentException(text + " names no peer: add /p2p/<peer id>");
        }
        return addr;
    }

    /** A host for one command: it serves identify, so the peer it dials learns who called (as Kubo's does). */
    static Host startHost() throws IOException {
        Host host = await(Host.builder().start(), CONNECT_TIMEOUT, "starting the host");
        Identify.install(host, IdentifyConfig.defaults());
        return host;
    }

    static Connection connect(Host host, Multiaddr addr) throws IOException {
        return await(host.connect(addr), CONNECT_TIMEOUT, "connecting to " + addr);
    }

    /** Waits for {@code f}; its failure comes back as one clear exception (protocol refusals named as such). */
    static <T> T await(CompletableFuture<T> f, Duration timeout, String what) throws IOException {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(what + " timed out after " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
                c = c.getCause();
            }
            if (c instanceof StreamNegotiationException sn) {
                throw new IOException(sn.getMessage(), sn);
            }
            throw new IOException(c.getMessage() != null ? c.getMessage() : c.toString(), c);
        }
    }

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?)b?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

    /** {@code 1048576}, {@code 1MiB}, {@code 1MB}, {@code 1G} and the like. */
    static long bytes(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size '" + text + "': use e.g. 1048576, 64KiB, 1GiB or 1GB");
        }
        long n = Long.parseLong(m.group(1));
        int power = "kmgt".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
        long unit = m.group(3).isEmpty() && power > 0 ? 1000 : 1024;
        for (int i = 0; i < power; i++) {
            n = Math.multiplyExact(n, unit);
        }
        return n;
    }

    /** {@code 1s}, {@code 250ms}, {@code 2m}; a bare number is seconds. */
    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid duration '" + text + "': use e.g. 1s or 250ms");
        }
        long n = Long.parseLong(m.group(1));
        String u = m.group(2) == null ? "s" : m.group(2);
        return switch (u) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
