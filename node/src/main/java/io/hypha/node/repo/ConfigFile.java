package io.hypha.node.repo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hypha.multiaddr.Multiaddr;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The repository's {@code config} file as Kubo's {@code ipfs config} and {@code ipfs bootstrap} see it: a JSON
 * tree read and changed by dotted keys ({@code Addresses.API}). Keys Hypha does not read are kept as they are.
 * A change is written atomically only if the result is still a valid {@link RepoConfig}; the identity can be
 * neither shown nor changed here. The open {@link Repo} (and a running node) keep the config they started with:
 * a change applies at the next start. Blocking file IO, serialised per repository.
 */
public final class ConfigFile {
    /** The key whose value is never shown or changed through this class. */
    public static final String PRIVATE_KEY = "Identity.PrivKey";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;

    ConfigFile(Path dir) {
        this.dir = dir;
    }

    private Path file() {
        return dir.resolve(Repo.CONFIG_FILE);
    }

    private ObjectNode read() throws IOException {
        try {
            JsonNode tree = JSON.readTree(file().toFile());
            if (!(tree instanceof ObjectNode o)) {
                throw new RepoException.BadConfig(file(), "the config is not a JSON object", null);
            }
            return o;
        } catch (JsonProcessingException e) {
            throw new RepoException.BadConfig(file(), e.getOriginalMessage(), e);
        }
    }

    private void write(ObjectNode tree) throws IOException {
        try {
            JSON.treeToValue(tree, RepoConfig.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("the config would not be valid: " + why.replace('\n', ' '), e);
        }
        Repo.writeAtomically(dir, file(), JSON.writeValueAsBytes(tree));
    }

    /** The whole config, its private key removed (as Kubo's {@code config show}). */
    public synchronized JsonNode show() throws IOException {
        ObjectNode tree = read();
        if (tree.get("Identity") instanceof ObjectNode id) {
            id.remove("PrivKey");
        }
        return tree;
    }

    /** The value at {@code key}; {@link IllegalArgumentException} when there is none. */
    public synchronized JsonNode get(String key) throws IOException {
        refusePrivateKey(key);
        JsonNode at = read();
        for (String part : parts(key)) {
            at = at.get(part);
            if (at == null) {
                throw new IllegalArgumentException("key has no attribute " + part + " (" + key + ")");
            }
        }
        return at;
    }

    /** Sets {@code key} (creating the objects on its way) to {@code value} and writes the file; returns the value. */
    public synchronized JsonNode set(String key, JsonNode value) throws IOException {
        refusePrivateKey(key);
        if (key.regionMatches(true, 0, "Identity.", 0, "Identity.".length())) {
            throw new IllegalArgumentException("cannot change the node's identity through the config");
        }
        ObjectNode tree = read();
        List<String> parts = parts(key);
        ObjectNode parent = tree;
        for (String part : parts.subList(0, parts.size() - 1)) {
            JsonNode next = parent.get(part);
            if (next == null) {
                next = parent.putObject(part);
            } else if (!(next instanceof ObjectNode)) {
                throw new IllegalArgumentException("cannot set " + key + ": " + part + " is not an object");
            }
            parent = (ObjectNode) next;
        }
        parent.set(parts.get(parts.size() - 1), value);
        write(tree);
        return value;
    }

    /** The bootstrap peers ({@code Bootstrap}). */
    public synchronized List<String> bootstrap() throws IOException {
        return strings(read().get("Bootstrap"));
    }

    /**
     * Adds the peers not yet listed, first (as Kubo); {@code default} stands for Kubo's default peers. Each must be
     * a multiaddr ending in {@code /p2p/ID}. Returns those added, in order.
     */
    public synchronized List<String> bootstrapAdd(List<String> peers) throws IOException {
        List<String> wanted = new ArrayList<>();
        for (String p : peers) {
            if (p.equals("default")) {
                wanted.addAll(RepoConfig.DEFAULT_BOOTSTRAP);
            } else {
                wanted.add(checkPeer(p));
            }
        }
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("no bootstrap peers to add");
        }
        ObjectNode tree = read();
        List<String> before = strings(tree.get("Bootstrap"));
        Set<String> now = new LinkedHashSet<>();
        List<String> added = new ArrayList<>();
        for (String p : wanted) {
            if (!before.contains(p) && now.add(p)) {
                added.add(p);
            }
        }
        now.addAll(before);
        putBootstrap(tree, now);
        return added;
    }

    /** A bootstrap address must be a multiaddr naming its peer, as Kubo requires. */
    private static String checkPeer(String text) {
        Multiaddr addr;
        try {
            addr = Multiaddr.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid multiaddr '" + text + "': " + e.getMessage(), e);
        }
        if (addr.peerId().isEmpty() || addr.withoutPeerId().isEmpty()) {
            throw new IllegalArgumentException("invalid bootstrap address: " + text + " (use ADDRESS/p2p/<peer id>)");
        }
        return text;
    }

    /** Removes the listed peers that are there; returns those removed, in order. */
    public synchronized List<String> bootstrapRemove(List<String> peers) throws IOException {
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("no bootstrap peers to remove");
        }
        ObjectNode tree = read();
        Set<String> now = new LinkedHashSet<>(strings(tree.get("Bootstrap")));
        List<String> removed = new ArrayList<>();
        for (String p : peers) {
            if (now.remove(p)) {
                removed.add(p);
            }
        }
        putBootstrap(tree, now);
        return removed;
    }

    /** Empties the list; returns what it held. */
    public synchronized List<String> bootstrapRemoveAll() throws IOException {
        ObjectNode tree = read();
        List<String> removed = strings(tree.get("Bootstrap"));
        putBootstrap(tree, Set.of());
        return removed;
    }

    private void putBootstrap(ObjectNode tree, Set<String> peers) throws IOException {
        ArrayNode list = tree.putArray("Bootstrap");
        peers.forEach(list::add);
        write(tree);
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            list.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    private static List<String> parts(String key) {
        if (key.isEmpty() || key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
            throw new IllegalArgumentException("invalid config key '" + key + "'");
        }
        return List.of(key.split("\\."));
    }

    private static void refusePrivateKey(String key) {
        if (key.equalsIgnoreCase("Identity") || key.equalsIgnoreCase(PRIVATE_KEY)) {
            throw new IllegalArgumentException("cannot show or change private key through API");
        }
    }

    /** {@code text} as a JSON value: parsed when {@code json}, a boolean when {@code bool}, else a string. */
    public static JsonNode value(String text, boolean json, boolean bool) {
        if (json) {
            try {
                return JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("failed to unmarshal json: " + e.getOriginalMessage(), e);
            }
        }
        if (bool) {
            // as Kubo: "true" is true, anything else false
            return JSON.getNodeFactory().booleanNode(text.equals("true"));
        }
        return TextNode.valueOf(text);
    }
}
