package io.hypha.node.cli;

import io.hypha.node.Content;
import io.hypha.node.repo.Repo;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The node a repository command works on: the running daemon, through its API ({@link #api()}), or the repo
 * opened here with its content API ({@link #content()}). Exactly one of the two is there.
 */
final class CliNode implements AutoCloseable {
    private final ApiClient api;
    private final Repo repo;
    private final Content content;

    private CliNode(ApiClient api, Repo repo, Content content) {
        this.api = api;
        this.repo = repo;
        this.content = content;
    }

    /** The daemon when one answers (see {@link CliApi#find}), else the repo, offline. */
    static CliNode open(CommandLine.Model.CommandSpec spec) throws IOException {
        Optional<ApiClient> daemon = CliApi.find(spec);
        if (daemon.isPresent()) {
            return new CliNode(daemon.get(), null, null);
        }
        Repo repo = CliRepo.open(spec);
        return new CliNode(null, repo, Content.offline(repo));
    }

    /** The daemon's client, or null when the command runs offline. */
    ApiClient api() {
        return api;
    }

    /** The repo's content API, or null when a daemon serves the command. */
    Content content() {
        return content;
    }

    @Override
    public void close() throws IOException {
        if (api != null) {
            api.close();
        } else {
            try (repo) {
                content.close();
            }
        }
    }
}
