package io.hypha.node.rpc;

import io.hypha.block.Block;
import io.hypha.crypto.KeyType;
import io.hypha.host.HostBuilder;
import io.hypha.host.ProtocolId;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multibase;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.repo.Pins;
import io.hypha.node.repo.RepoStat;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerStore;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The endpoints, with Kubo's names, arguments and answer shapes: {@code version}, {@code id} (self, or
 * {@code arg=PEER} from the peer store), {@code cat} ({@code offset}, {@code length}), {@code ls},
 * {@code block/get|stat|rm}, {@code dag/export}, {@code pin/add|ls|rm}, {@code repo/stat|gc},
 * {@code key/list|gen|rm|rename}, {@code swarm/peers|connect}, {@code shutdown}. Each runs on the node's
 * content API and answers a future.
 */
final class RpcCommands {
    /** An answer: a JSON value, or bytes streamed as they are produced. */
    sealed interface Reply {
        record Json(Object value) implements Reply {}

        record Stream(String contentType, Function<OutputStream, CompletableFuture<?>> writer) implements Reply {}
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Node node;
    private final Runnable shutdown;
    private final Map<String, Function<Map<String, List<String>>, CompletableFuture<Reply>>> commands = new TreeMap<>();

    RpcCommands(Node node, Runnable shutdown) {
        this.node = node;
        this.shutdown = shutdown;
        commands.put("version", q -> json(version()));
        commands.put("id", this::id);
        commands.put("cat", this::cat);
        commands.put("block/get", this::blockGet);
        commands.put("block/stat", this::blockStat);
        commands.put("pin/ls", this::pinLs);
        commands.put("repo/stat", q -> content().repoStat().thenApply(RpcCommands::repoStat));
        commands.put("pin/add", q -> pinChange(q, true));
        commands.put("pin/rm", q -> pinChange(q, false));
        commands.put("ls", this::ls);
        commands.put("dag/export", q -> {
            Cid cid = cidArg(q);
            return content().blockGet(cid).thenApply(root -> new Reply.Stream("application/vnd.ipld.car",
                    out -> content().dagExport(List.of(cid), out)));
        });
        commands.put("block/rm", this::blockRm);
        commands.put("repo/gc", q -> CompletableFuture.completedFuture(new Reply.Stream("application/json",
                out -> content().gc(cid -> line(out, Map.of("Key", Map.of("/", cid.toString())))))));
        commands.put("key/list", q -> content().keyList().thenApply(keys -> new Reply.Json(Map.of("Keys",
                keys.stream().map(RpcCommands::key).toList()))));
        commands.put("key/gen", this::keyGen);
        commands.put("key/rm", this::keyRm);
        commands.put("key/rename", this::keyRename);
        commands.put("swarm/peers", q -> json(Map.of("Peers", node.host().connections().stream().map(c -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("Addr", c.remoteAddress().toString());
            p.put("Peer", c.remotePeer().toString());
            p.put("Direction", c.direction().name().equals("INBOUND") ? 1 : 2);
            p.put("Muxer", c.muxer());
            return p;
        }).toList())));
        commands.put("swarm/connect", this::swarmConnect);
        commands.put("shutdown", q -> {
            shutdown.run();
            return CompletableFuture.completedFuture(new Reply.Json(null));
        });
    }

    /** The names served, for error messages and tests. */
    Set<String> names() {
        return commands.keySet();
    }

    /** Runs {@code command}; null when there is no such command. */
    CompletableFuture<Reply> run(String command, Map<String, List<String>> query) {
        var c = commands.get(command);
        return c == null ? null : c.apply(query);
    }

    private Content content() {
        return node.content();
    }

    private static CompletableFuture<Reply> json(Object value) {
        return CompletableFuture.completedFuture(new Reply.Json(value));
    }

    private static Map<String, Object> version() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Version", HostBuilder.version());
        v.put("Commit", "");
        v.put("Repo", "1");
        v.put("System", System.getProperty("os.arch") + "/" + System.getProperty("os.name").toLowerCase(Locale.ROOT));
        v.put("Golang", "java" + Runtime.version());
        return v;
    }

    private CompletableFuture<Reply> id(Map<String, List<String>> q) {
        List<String> args = q.getOrDefault("arg", List.of());
        PeerId self = node.peerId();
        PeerId peer = args.isEmpty() ? self : peerArg(args.get(0));
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("ID", peer.toString());
        if (peer.equals(self)) {
            id.put("PublicKey", Base64.getEncoder().encodeToString(
                    node.repo().orElseThrow().privateKey().publicKey().encode()));
            id.put("Addresses", node.host().dialableAddresses().stream()
                    .map(a -> a.withPeerId(self).toString()).toList());
            id.put("AgentVersion", node.host().config().agentVersion());
            id.put("Protocols", node.host().protocols().stream().map(ProtocolId::value).sorted().toList());
            return json(id);
        }
        PeerStore store = node.host().peerStore();
        if (!store.peers().contains(peer)) {
            throw new RpcException(RpcException.Kind.NORMAL, "peer " + peer + " is not known to this node");
        }
        id.put("PublicKey", store.publicKey(peer).map(k -> Base64.getEncoder().encodeToString(k.encode())).orElse(""));
        id.put("Addresses", store.addresses(peer).stream().map(a -> a.withPeerId(peer).toString()).toList());
        id.put("AgentVersion", store.metadata(peer, PeerStore.AGENT_VERSION).orElse(""));
        id.put("Protocols", store.protocols(peer).stream().sorted().toList());
        return json(id);
    }

    private CompletableFuture<Reply> cat(Map<String, List<String>> q) {
        Cid cid = cidArg(q);
        long offset = longOption(q, "offset", 0);
        long length = longOption(q, "length", -1);
        if (offset < 0) {
            throw new RpcException(RpcException.Kind.CLIENT, "cannot specify negative offset");
        }
        if (length < -1) {
            throw new RpcException(RpcException.Kind.CLIENT, "cannot specify negative length");
        }
        // the root is read first, so a missing or corrupt one is an error answer, not a broken stream
        return content().blockGet(cid).thenApply(root -> new Reply.Stream("text/plain",
                out -> content().cat(cid, offset, length, out)));
    }

    private CompletableFuture<Reply> blockGet(Map<String, List<String>> q) {
        Cid cid = cidArg(q);
        return content().blockGet(cid).thenApply(b -> new Reply.Stream("text/plain", out -> {
            try {
                out.write(b.data());
                return CompletableFuture.completedFuture(null);
            } catch (java.io.IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }));
    }

    private CompletableFuture<Reply> blockStat(Map<String, List<String>> q) {
        Cid cid = cidArg(q);
        return content().blockGet(cid).thenApply((Block b) -> {
            Map<String, Object> stat = new LinkedHashMap<>();
            stat.put("Key", cid.toString());
            stat.put("Size", b.size());
            return new Reply.Json(stat);
        });
    }

    private CompletableFuture<Reply> pinLs(Map<String, List<String>> q) {
        Set<Pins.Mode> modes;
        try {
            modes = Pins.Mode.filter(q.getOrDefault("type", List.of("all")).get(0));
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcException.Kind.CLIENT, e.getMessage());
        }
        List<String> args = q.getOrDefault("arg", List.of());
        if (!args.isEmpty()) {
            return pinnedAmong(args.stream().map(RpcCommands::cid).toList(), modes);
        }
        if (flag(q, "stream")) {
            // one {"Cid","Type"} object per line as the pins are listed (kubo-rpc-client asks for this)
            return content().pinLs(modes).thenApply(pins -> new Reply.Stream("application/json", out -> {
                for (Pins.Pin p : pins) {
                    line(out, Map.of("Cid", p.cid().toString(), "Type", p.mode().label()));
                }
                return CompletableFuture.completedFuture(null);
            }));
        }
        return content().pinLs(modes).thenApply(pins -> {
            Map<String, Object> keys = new LinkedHashMap<>();
            for (Pins.Pin p : pins) {
                keys.put(p.cid().toString(), Map.of("Type", p.mode().label()));
            }
            return new Reply.Json(Map.of("Keys", keys));
        });
    }

    private CompletableFuture<Reply> pinnedAmong(List<Cid> cids, Set<Pins.Mode> modes) {
        return inOrder(cids, c -> content().pinned(c).thenApply(mode -> {
            if (mode.isEmpty() || !modes.contains(mode.get())) {
                throw new RpcException(RpcException.Kind.NORMAL, "path '" + c + "' is not pinned");
            }
            return mode.get();
        })).thenApply(found -> {
            Map<String, Object> keys = new LinkedHashMap<>();
            for (int i = 0; i < cids.size(); i++) {
                keys.put(cids.get(i).toString(), Map.of("Type", found.get(i).label()));
            }
            return new Reply.Json(Map.of("Keys", keys));
        });
    }

    /** {@code pin/add} and {@code pin/rm}: each argument in turn, answered with the CIDs as Kubo lists them. */
    private CompletableFuture<Reply> pinChange(Map<String, List<String>> q, boolean add) {
        List<Cid> cids = cidArgs(q);
        boolean recursive = !"false".equals(first(q, "recursive"));
        return inOrder(cids, c -> add ? content().pinAdd(c, recursive) : content().pinRm(c, recursive))
                .thenApply(v -> new Reply.Json(Map.of("Pins", cids.stream().map(Cid::toString).toList())));
    }

    /** Kubo's {@code ls}: one object per argument, its links with UnixFS types (1 directory, 2 file, 4 symlink). */
    private CompletableFuture<Reply> ls(Map<String, List<String>> q) {
        List<String> args = q.getOrDefault("arg", List.of());
        if (args.isEmpty()) {
            throw new RpcException(RpcException.Kind.CLIENT, "argument \"ipfs-path\" is required");
        }
        return inOrder(args, a -> content().ls(cid(a)).thenApply(entries -> {
            List<Object> links = new ArrayList<>();
            for (var e : entries) {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("Name", e.name());
                l.put("Hash", e.cid().toString());
                l.put("Size", e.size());
                l.put("Type", switch (e.type()) {
                    case DIRECTORY -> 1;
                    case FILE -> 2;
                    case SYMLINK -> 4;
                });
                l.put("Target", "");
                links.add(l);
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("Hash", a);
            o.put("Links", links);
            return (Object) o;
        })).thenApply(objects -> new Reply.Json(Map.of("Objects", objects)));
    }

    private CompletableFuture<Reply> blockRm(Map<String, List<String>> q) {
        List<Cid> cids = cidArgs(q);
        boolean force = "true".equals(first(q, "force"));
        return inOrder(cids, c -> content().blockRm(c)).thenApply(removals -> new Reply.Stream("application/json",
                out -> {
                    for (Content.BlockRemoval r : removals) {
                        Map<String, Object> line = new LinkedHashMap<>();
                        line.put("Hash", r.cid().toString());
                        if (r.pinned().isPresent()) {
                            line.put("Error", "pinned: " + r.pinned().get().label());
                        } else if (!r.removed() && !force) {
                            line.put("Error", "ipld: could not find " + r.cid());
                        }
                        line(out, line);
                    }
                    return CompletableFuture.completedFuture(null);
                }));
    }

    private static Map<String, Object> key(Content.Key k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", k.name());
        m.put("Id", k.id().toCidString(Multibase.BASE36));
        return m;
    }

    private CompletableFuture<Reply> keyGen(Map<String, List<String>> q) {
        String name = requiredArg(q, "name");
        KeyType type;
        try {
            type = KeyType.forName(first(q, "type") == null ? "ed25519" : first(q, "type"));
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcException.Kind.CLIENT, e.getMessage());
        }
        Integer bits = type == KeyType.RSA ? (int) longOption(q, "size", 2048) : null;
        return content().keyGen(name, type, bits).thenApply(k -> new Reply.Json(key(k)));
    }

    private CompletableFuture<Reply> keyRm(Map<String, List<String>> q) {
        List<String> names = q.getOrDefault("arg", List.of());
        if (names.isEmpty()) {
            throw new RpcException(RpcException.Kind.CLIENT, "argument \"name\" is required");
        }
        return inOrder(names, n -> content().keyRm(n))
                .thenApply(keys -> new Reply.Json(Map.of("Keys", keys.stream().map(RpcCommands::key).toList())));
    }

    private CompletableFuture<Reply> keyRename(Map<String, List<String>> q) {
        List<String> args = q.getOrDefault("arg", List.of());
        if (args.size() != 2) {
            throw new RpcException(RpcException.Kind.CLIENT, "key rename takes two arguments: old and new name");
        }
        boolean force = "true".equals(first(q, "force"));
        return content().keyRename(args.get(0), args.get(1), force).thenApply(k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Was", args.get(0));
            m.put("Now", args.get(1));
            m.put("Id", k.id().toCidString(Multibase.BASE36));
            m.put("Overwrite", force);
            return new Reply.Json(m);
        });
    }

    private CompletableFuture<Reply> swarmConnect(Map<String, List<String>> q) {
        List<String> args = q.getOrDefault("arg", List.of());
        if (args.isEmpty()) {
            throw new RpcException(RpcException.Kind.CLIENT, "argument \"address\" is required");
        }
        List<Multiaddr> addrs = new ArrayList<>();
        for (String a : args) {
            Multiaddr addr;
            try {
                addr = Multiaddr.parse(a);
            } catch (RuntimeException e) {
                throw new RpcException(RpcException.Kind.CLIENT, "invalid multiaddr \"" + a + "\": " + e.getMessage());
            }
            if (addr.peerId().isEmpty()) {
                throw new RpcException(RpcException.Kind.CLIENT, a + " names no peer: add /p2p/<peer id>");
            }
            addrs.add(addr);
        }
        return inOrder(addrs, a -> node.host().connect(a)).thenApply(conns -> new Reply.Json(Map.of("Strings",
                conns.stream().map(c -> "connect " + c.remotePeer() + " success").toList())));
    }

    /** Runs {@code op} on each item, one after the other, and collects the results in order. */
    private static <T, R> CompletableFuture<List<R>> inOrder(List<T> items, Function<T, CompletableFuture<R>> op) {
        List<R> results = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (T item : items) {
            chain = chain.thenCompose(v -> op.apply(item)).thenAccept(results::add);
        }
        return chain.thenApply(v -> results);
    }

    /** Writes one ndjson line (a stream's writer, on a worker thread). */
    private static void line(OutputStream out, Object value) {
        try {
            out.write((JSON.writeValueAsString(value) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String first(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String requiredArg(Map<String, List<String>> q, String what) {
        List<String> args = q.getOrDefault("arg", List.of());
        if (args.isEmpty()) {
            throw new RpcException(RpcException.Kind.CLIENT, "argument \"" + what + "\" is required");
        }
        return args.get(0);
    }

    private static List<Cid> cidArgs(Map<String, List<String>> q) {
        List<String> args = q.getOrDefault("arg", List.of());
        if (args.isEmpty()) {
            throw new RpcException(RpcException.Kind.CLIENT, "argument \"ipfs-path\" is required");
        }
        return args.stream().map(RpcCommands::cid).toList();
    }

    private static Reply repoStat(RepoStat s) {
        Map<String, Object> stat = new LinkedHashMap<>();
        stat.put("RepoSize", s.repoSize());
        stat.put("StorageMax", s.storageMax());
        stat.put("NumObjects", s.numObjects());
        stat.put("RepoPath", s.repoPath().toString());
        stat.put("Version", "fs-repo@" + s.version());
        return new Reply.Json(stat);
    }

    // ------------------------------------------------------------------------------------------ arguments

    private static Cid cidArg(Map<String, List<String>> q) {
        List<String> args = q.getOrDefault("arg", List.of());
        if (args.isEmpty()) {
            throw new RpcException(RpcException.Kind.CLIENT, "argument \"ipfs-path\" is required");
        }
        return cid(args.get(0));
    }

    static Cid cid(String text) {
        String t = text.startsWith("/ipfs/") ? text.substring("/ipfs/".length()) : text;
        try {
            return Cid.decode(t);
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcException.Kind.CLIENT, "invalid path \"" + text + "\": " + e.getMessage());
        }
    }

    private static PeerId peerArg(String text) {
        try {
            return PeerId.parse(text.startsWith("/p2p/") ? text.substring(5) : text);
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcException.Kind.CLIENT, "invalid peer id \"" + text + "\": " + e.getMessage());
        }
    }

    /** A boolean flag as go-ipfs-cmds reads it: present without a value, or true/1. */
    private static boolean flag(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        if (v == null || v.isEmpty()) {
            return false;
        }
        String s = v.get(0).toLowerCase(Locale.ROOT);
        return s.isEmpty() || s.equals("true") || s.equals("1");
    }

    private static long longOption(Map<String, List<String>> q, String name, long otherwise) {
        List<String> v = q.get(name);
        if (v == null || v.isEmpty()) {
            return otherwise;
        }
        try {
            return Long.parseLong(v.get(0));
        } catch (NumberFormatException e) {
            throw new RpcException(RpcException.Kind.CLIENT, "invalid " + name + " \"" + v.get(0) + "\"");
        }
    }
}
