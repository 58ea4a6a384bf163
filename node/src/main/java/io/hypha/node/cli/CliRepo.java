package io.hypha.node.cli;

import io.hypha.multiformats.Cid;
import io.hypha.node.internal.Futures;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RepoException;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;

/** What the repository commands share: opening the repo, parsing CID arguments, waiting on the stores. */
final class CliRepo {
    private CliRepo() {}

    /**
     * Opens the repository of the command; fails with one line if there is none or it is locked (saying so when
     * the lock is a running daemon's and the command cannot go through it).
     */
    static Repo open(CommandLine.Model.CommandSpec spec) throws IOException {
        if (HyphaCli.apiOption(spec) != null) {
            throw new IOException("'" + spec.qualifiedName(" ") + "' does not run through the daemon yet: run it "
                    + "without --api, where the repo is");
        }
        try {
            return Repo.open(HyphaCli.repoPath(spec));
        } catch (RepoException.Locked e) {
            Optional<ApiClient> daemon = CliApi.find(spec);
            if (daemon.isPresent()) {
                daemon.get().close();
                String q = spec.qualifiedName(" ");
                throw new IOException("'" + q + "' does not run through the daemon yet and the daemon holds the repo: "
                        + "stop it first ('hypha shutdown')", e);
            }
            throw e;
        }
    }

    /** Parses a CID argument; {@link IllegalArgumentException} naming it otherwise. */
    static Cid cid(String text) {
        try {
            return Cid.decode(text.startsWith("/ipfs/") ? text.substring("/ipfs/".length()) : text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid CID '" + text + "': " + e.getMessage(), e);
        }
    }

    /**
     * Checks that an IPFS path argument ({@code /ipfs/<cid>/a/b}, {@code <cid>/a/b} or a CID) starts with a valid
     * CID, failing with one line naming it otherwise; returns it as given.
     */
    static String path(String text) {
        String p = text.startsWith("/ipfs/") ? text.substring("/ipfs/".length()) : text;
        int slash = p.indexOf('/');
        cid(slash < 0 ? p : p.substring(0, slash));
        return text;
    }

    /** Waits for a store operation, rethrowing its failure as it is (see {@link Futures#await}). */
    static <T> T await(CompletableFuture<T> future) throws IOException {
        return Futures.await(future, "command");
    }
}
