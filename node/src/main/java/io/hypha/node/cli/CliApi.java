package io.hypha.node.cli;

import io.hypha.multiaddr.Multiaddr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Where a command reaches the node, as Kubo decides it: the daemon named by {@code --api}, else by the repo's
 * {@code api} file when it answers; otherwise the repo itself, offline. A stale {@code api} file (the daemon died)
 * is ignored, so an unlocked repo opens offline and a locked one says so in one line.
 */
final class CliApi {
    private CliApi() {}

    /** The running daemon's client, or empty when the command should open the repo itself. */
    static Optional<ApiClient> find(CommandLine.Model.CommandSpec spec) throws IOException {
        String explicit = HyphaCli.apiOption(spec);
        if (explicit != null) {
            ApiClient client = new ApiClient(ApiClient.parseAddress(explicit), HyphaCli.apiAuthOption(spec));
            try {
                client.json("version", List.of(), Map.of());
            } catch (IOException e) {
                client.close();
                throw e;
            }
            return Optional.of(client);
        }
        Path file = HyphaCli.repoPath(spec).resolve(DaemonCommand.API_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Multiaddr address;
        try {
            address = ApiClient.parseAddress(Files.readString(file));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        ApiClient client = new ApiClient(address, HyphaCli.apiAuthOption(spec));
        if (client.answers()) {
            return Optional.of(client);
        }
        client.close();
        return Optional.empty();
    }

    /** The running daemon's client; a one-line error naming {@code command} when there is none. */
    static ApiClient require(CommandLine.Model.CommandSpec spec) throws IOException {
        return find(spec).orElseThrow(() -> new IOException("'hypha " + command(spec)
                + "' needs a running daemon: start one with 'hypha daemon'"));
    }

    private static String command(CommandLine.Model.CommandSpec spec) {
        String q = spec.qualifiedName(" ");
        return q.startsWith("hypha ") ? q.substring("hypha ".length()) : q;
    }
}
