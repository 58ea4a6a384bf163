package io.hypha.node.cli;

import io.hypha.multiformats.Cid;
import io.hypha.node.repo.Repo;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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

    /** Waits for a store operation, rethrowing its failure as it is. */
    static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
    }
}
