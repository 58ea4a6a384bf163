package io.hypha.node.rpc;

import io.hypha.block.Block;
import io.hypha.host.ProtocolId;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.Node;
import io.hypha.node.repo.Pins;
import io.hypha.node.repo.RepoStat;
import io.hypha.peer.PeerId;
import io.hypha.peer.PeerStore;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
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
        commands.put("pin/add", this::pinAdd);
        commands.put("pin/rm", this::pinRm);
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
        v.put("Version", hyphaVersion());
        v.put("Commit", "");
        v.put("Repo", "1");
        v.put("System", System.getProperty("os.arch") + "/" + System.getProperty("os.name").toLowerCase(Locale.ROOT));
        v.put("Golang", "java" + Runtime.version());
        return v;
    }

    static String hyphaVersion() {
        try (var in = RpcCommands.class.getResourceAsStream("/io/hypha/node/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
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
        String type = q.getOrDefault("type", List.of("all")).get(0).toLowerCase(Locale.ROOT);
        Set<Pins.Mode> modes = switch (type) {
            case "all" -> EnumSet.allOf(Pins.Mode.class);
            case "direct" -> EnumSet.of(Pins.Mode.DIRECT);
            case "indirect" -> EnumSet.of(Pins.Mode.INDIRECT);
            case "recursive" -> EnumSet.of(Pins.Mode.RECURSIVE);
            default -> throw new RpcException(RpcException.Kind.CLIENT,
                    "invalid type '" + type + "', must be one of {direct, indirect, recursive, all}");
        };
        List<String> args = q.getOrDefault("arg", List.of());
        if (!args.isEmpty()) {
            List<Cid> cids = new ArrayList<>();
            for (String a : args) {
                cids.add(cid(a));
            }
            return pinnedAmong(cids, modes);
        }
        if (flag(q, "stream")) {
            // one {"Cid","Type"} object per line as the pins are listed (kubo-rpc-client asks for this)
            return content().pinLs(modes).thenApply(pins -> new Reply.Stream("application/json", out -> {
                try {
                    for (Pins.Pin p : pins) {
                        out.write((JSON.writeValueAsString(Map.of("Cid", p.cid().toString(), "Type", p.mode().label()))
                                + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                    return CompletableFuture.completedFuture(null);
                } catch (java.io.IOException e) {
                    return CompletableFuture.failedFuture(e);
                }
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
        Map<String, Object> keys = new LinkedHashMap<>();
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (Cid c : cids) {
            all = all.thenCompose(v -> content().pinned(c)).thenAccept(mode -> {
                if (mode.isEmpty() || !modes.contains(mode.get())) {
                    throw new RpcException(RpcException.Kind.NORMAL, "path '" + c + "' is not pinned");
                }
                keys.put(c.toString(), Map.of("Type", mode.get().label()));
            });
        }
        return all.thenApply(v -> new Reply.Json(Map.of("Keys", keys)));
    }

    private CompletableFuture<Reply> pinAdd(Map<String, List<String>> q) {
        List<Cid> cids = cidArgs(q);
        boolean recursive = !"false".equals(first(q, "recursive"));
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (Cid c : cids) {
            all = all.thenCompose(v -> content().pinAdd(c, recursive));
        }
        return all.thenApply(v -> new Reply.Json(Map.of("Pins", cids.stream().map(Cid::toString).toList())));
    }

    private CompletableFuture<Reply> pinRm(Map<String, List<String>> q) {
        List<Cid> cids = cidArgs(q);
        boolean recursive = !"false".equals(first(q, "recursive"));
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (Cid c : cids) {
            all = all.thenCompose(v -> content().pinRm(c, recursive));
        }
        return all.thenApply(v -> new Reply.Json(Map.of("Pins", cids.stream().map(Cid::toString).toList())));
    }

    /** Kubo's {@code ls}: one object per argument, its links with UnixFS types (1 directory, 2 file, 4 symlink). */
    private CompletableFuture<Reply> ls(Map<String, List<String>> q) {
        List<String> args = q.getOrDefault("arg", List.of());
        if (args.isEmpty()) {
            throw new RpcException(RpcException.Kind.CLIENT, "argument \"ipfs-path\" is required");
        }
        List<Object> objects = new ArrayList<>();
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (String a : args) {
            Cid c = cid(a);
            all = all.thenCompose(v -> content().ls(c)).thenAccept(entries -> {
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
                objects.add(o);
            });
        }
        return all.thenApply(v -> new Reply.Json(Map.of("Objects", objects)));
    }

    private CompletableFuture<Reply> blockRm(Map<String, List<String>> q) {
        List<Cid> cids = cidArgs(q);
        boolean force = "true".equals(first(q, "force"));
        List<Map<String, Object>> results = new ArrayList<>();
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (Cid c : cids) {
            all = all.thenCompose(v -> content().blockRm(c)).thenAccept(r -> {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("Hash", c.toString());
                if (r.pinned().isPresent()) {
                    line.put("Error", "pinned: " + r.pinned().get().label());
                } else if (!r.removed() && !force) {
                    line.put("Error", "ipld: could not find " + c);
                }
                results.add(line);
            });
        }
        return all.thenApply(v -> new Reply.Stream("application/json", out -> {
            for (Map<String, Object> line : results) {
                line(out, line);
            }
            return CompletableFuture.completedFuture(null);
        }));
    }

    private static Map<String, Object> key(Content.Key k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", k.name());
        m.put("Id", k.id().toCidString(io.hypha.multiformats.Multibase.BASE36));
        return m;
    }

    private CompletableFuture<Reply> keyGen(Map<String, List<String>> q) {
        String name = requiredArg(q, "name");
        String type = first(q, "type") == null ? "ed25519" : first(q, "type").toLowerCase(Locale.ROOT);
        io.hypha.crypto.KeyType keyType = switch (type) {
            case "ed25519" -> io.hypha.crypto.KeyType.ED25519;
            case "secp256k1" -> io.hypha.crypto.KeyType.SECP256K1;
            case "ecdsa" -> io.hypha.crypto.KeyType.ECDSA;
            case "rsa" -> io.hypha.crypto.KeyType.RSA;
            default -> throw new RpcException(RpcException.Kind.CLIENT, "unrecognized key type: " + type);
        };
        Integer bits = keyType == io.hypha.crypto.KeyType.RSA ? (int) longOption(q, "size", 2048) : null;
        return content().keyGen(name, keyType, bits).thenApply(k -> new Reply.Json(key(k)));
    }

    private CompletableFuture<Reply> keyRm(Map<String, List<String>> q) {
        List<String> names = q.getOrDefault("arg", List.of());
        if (names.isEmpty()) {
            throw new RpcException(RpcException.Kind.CLIENT, "argument \"name\" is required");
        }
        List<Object> removed = new ArrayList<>();
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (String n : names) {
            all = all.thenCompose(v -> content().keyRm(n)).thenAccept(k -> removed.add(key(k)));
        }
        return all.thenApply(v -> new Reply.Json(Map.of("Keys", removed)));
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
            m.put("Id", k.id().toCidString(io.hypha.multiformats.Multibase.BASE36));
            m.put("Overwrite", force);
            return new Reply.Json(m);
        });
    }

    private CompletableFuture<Reply> swarmConnect(Map<String, List<String>> q) {
        List<String> args = q.getOrDefault("arg", List.of());
        if (args.isEmpty()) {
            throw new RpcException(RpcException.Kind.CLIENT, "argument \"address\" is required");
        }
        List<String> done = new ArrayList<>();
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (String a : args) {
            io.hypha.multiaddr.Multiaddr addr;
            try {
                addr = io.hypha.multiaddr.Multiaddr.parse(a);
            } catch (RuntimeException e) {
                throw new RpcException(RpcException.Kind.CLIENT, "invalid multiaddr \"" + a + "\": " + e.getMessage());
            }
            if (addr.peerId().isEmpty()) {
                throw new RpcException(RpcException.Kind.CLIENT, a + " names no peer: add /p2p/<peer id>");
            }
            all = all.thenCompose(v -> node.host().connect(addr)).thenAccept(c ->
                    done.add("connect " + c.remotePeer() + " success"));
        }
        return all.thenApply(v -> new Reply.Json(Map.of("Strings", done)));
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
