package io.hypha.node.cli;

import io.hypha.multiformats.Cid;
import io.hypha.node.internal.Futures;
import io.hypha.node.repo.Repo;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;

/** What the repository commands share: opening the repo, parsing CID arguments, waiting on the stores. */
final class CliRepo {
    private CliRepo() {}

    /** Opens the repository of the command; fails with one line if there is none or it is locked. */
    static Repo open(CommandLine.Model.CommandSpec spec) throws IOException {
        return Repo.open(HyphaCli.repoPath(spec));
    }

    /** Parses a CID argument; {@link IllegalArgumentException} naming it otherwise. */
    static Cid cid(String text) {
        try {
            return Cid.decode(text.startsWith("/ipfs/") ? text.substring("/ipfs/".length()) : text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid CID '" + text + "': " + e.getMessage(), e);
        }
    }

    /** Waits for a store operation, rethrowing its failure as it is (see {@link Futures#await}). */
    static <T> T await(CompletableFuture<T> future) throws IOException {
        return Futures.await(future, "command");
    }
}
