package io.hypha.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.repo.Pins;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * The pin commands' two transports: the daemon's {@code pin/*} endpoints or the repo's content API, each answering
 * with the library's {@link Pins.Pin} records so that {@code hypha pin} prints the same either way.
 */
final class Pinning implements AutoCloseable {
    private final CliNode node;
    private final ApiClient api;
    private final Content content;

    private Pinning(CliNode node) {
        this.node = node;
        this.api = node.api();
        this.content = node.content();
    }

    static Pinning open(CommandLine.Model.CommandSpec spec) throws IOException {
        return new Pinning(CliNode.open(spec));
    }

    /** Pins ({@code add}) or unpins {@code cid}. */
    void change(Cid cid, boolean add, boolean recursive) throws IOException {
        if (api != null) {
            api.json(add ? "pin/add" : "pin/rm", List.of(cid.toString()),
                    ApiClient.opts("recursive", Boolean.toString(recursive)));
        } else {
            CliRepo.await(add ? content.pinAdd(cid, recursive) : content.pinRm(cid, recursive));
        }
    }

    /** Every pin of {@code modes} ({@code type} names them for the daemon), in the store's order. */
    void list(String type, Set<Pins.Mode> modes, Consumer<Pins.Pin> each) throws IOException {
        if (api != null) {
            api.lines("pin/ls", List.of(), ApiClient.opts("type", type, "stream", "true"),
                    p -> each.accept(new Pins.Pin(Cid.decode(p.get("Cid").asText()), mode(p.get("Type").asText()))));
        } else {
            CliRepo.await(content.pinLs(modes)).forEach(each);
        }
    }

    /** How {@code cid} is pinned, if among {@code modes}; an error saying it is not pinned otherwise. */
    Pins.Pin pinned(Cid cid, String type, Set<Pins.Mode> modes) throws IOException {
        if (api != null) {
            JsonNode keys = api.json("pin/ls", List.of(cid.toString()), Map.of("type", type)).path("Keys");
            return new Pins.Pin(cid, mode(keys.path(cid.toString()).path("Type").asText()));
        }
        Optional<Pins.Mode> mode = CliRepo.await(content.pinned(cid));
        if (mode.isEmpty() || !modes.contains(mode.get())) {
            throw new IOException("path '" + cid + "' is not pinned");
        }
        return new Pins.Pin(cid, mode.get());
    }

    private static Pins.Mode mode(String label) {
        return Arrays.stream(Pins.Mode.values()).filter(m -> m.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the daemon answered an unknown pin type '" + label + "'"));
    }

    @Override
    public void close() throws IOException {
        node.close();
    }
}
