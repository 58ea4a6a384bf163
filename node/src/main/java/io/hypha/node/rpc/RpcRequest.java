package io.hypha.node.rpc;

import io.hypha.multiformats.Cid;
import io.hypha.peer.PeerId;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One API call as go-ipfs-cmds sends it: the query's options ({@code arg=} repeated for the arguments,
 * kebab-case flags) read with Kubo's rules, each bad value an {@link RpcException} of kind CLIENT (400), and the
 * request body: streamed as it arrives for the upload commands ({@link RpcCommands#UPLOADS}), read whole (and
 * small) for the others.
 *
 * @param contentType the body's {@code Content-Type}, or null
 * @param body the body; read on a worker thread, never on the event loop
 */
record RpcRequest(String command, Map<String, List<String>> query, String contentType, InputStream body) {
    RpcRequest {
        query = Map.copyOf(query);
        body = body == null ? InputStream.nullInputStream() : body;
    }

    /** A call without a body. */
    RpcRequest(String command, Map<String, List<String>> query) {
        this(command, query, null, null);
    }

    /** The body as multipart parts (a 400 when it is not {@code multipart/form-data} with a boundary). */
    MultipartReader multipart() {
        return MultipartReader.open(body, contentType);
    }

    /** The positional arguments ({@code arg=}), in order. */
    List<String> args() {
        return query.getOrDefault("arg", List.of());
    }

    /** The first argument, or a 400 naming it ({@code what}) when there is none. */
    String requiredArg(String what) {
        List<String> args = args();
        if (args.isEmpty()) {
            throw new RpcException(RpcException.Kind.CLIENT, "argument \"" + what + "\" is required");
        }
        return args.get(0);
    }

    /** Every argument, at least one ({@code what} names it in the error). */
    List<String> requiredArgs(String what) {
        requiredArg(what);
        return args();
    }

    /** The first value of option {@code name}, or null. */
    String option(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** A boolean flag as go-ipfs-cmds reads it: present without a value, or true/1; otherwise false. */
    boolean flag(String name) {
        return flag(name, false);
    }

    /** A boolean flag with its default when absent; a value other than true/false/1/0 is a 400. */
    boolean flag(String name, boolean otherwise) {
        String s = option(name);
        if (s == null) {
            return otherwise;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "", "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new RpcException(RpcException.Kind.CLIENT, "invalid " + name + " \"" + s
                    + "\": expected true or false");
        };
    }

    long longOption(String name, long otherwise) {
        String s = option(name);
        if (s == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new RpcException(RpcException.Kind.CLIENT, "invalid " + name + " \"" + s + "\"");
        }
    }

    /** The first argument as a CID ({@code CID} or {@code /ipfs/CID}). */
    Cid cidArg() {
        return cid(requiredArg("ipfs-path"));
    }

    /** Every argument as a CID, at least one. */
    List<Cid> cidArgs() {
        return requiredArgs("ipfs-path").stream().map(RpcRequest::cid).toList();
    }

    static Cid cid(String text) {
        String t = text.startsWith("/ipfs/") ? text.substring("/ipfs/".length()) : text;
        try {
            return Cid.decode(t);
        } catch (IllegalArgumentException e) {
            throw invalidPath(text, e);
        }
    }

    /**
     * The error for an argument that is not an IPFS path, in Kubo's words: a path must start with {@code /ipfs/}
     * or with a CID, and {@code /ipfs/} with a valid CID.
     */
    static RpcException invalidPath(String text, IllegalArgumentException e) {
        return new RpcException(RpcException.Kind.CLIENT, "invalid path \"" + text + "\": " + (text.startsWith("/ipfs/")
                ? "invalid cid: " + e.getMessage() : "path does not have enough components"));
    }

    static PeerId peerId(String text) {
        try {
            return PeerId.parse(text.startsWith("/p2p/") ? text.substring(5) : text);
        } catch (IllegalArgumentException e) {
            throw new RpcException(RpcException.Kind.CLIENT, "invalid peer id \"" + text + "\": " + e.getMessage());
        }
    }

    /** Runs {@code op} on each item, one after the other, and collects the results in order. */
    static <T, R> CompletableFuture<List<R>> inOrder(List<T> items, Function<T, CompletableFuture<R>> op) {
        List<R> results = new ArrayList<>();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (T item : items) {
            chain = chain.thenCompose(v -> op.apply(item)).thenAccept(results::add);
        }
        return chain.thenApply(v -> results);
    }
}
