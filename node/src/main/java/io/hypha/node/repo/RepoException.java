package io.hypha.node.repo;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The repository cannot be used as asked. Subclasses say why: {@link NotInitialized}, {@link Locked},
 * {@link AlreadyExists}, {@link BadVersion}, {@link BadConfig}. Messages are one line, fit for a user.
 */
public class RepoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;

    public RepoException(Path path, String message) {
        super(message);
        this.path = path;
    }

    public RepoException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** The repository directory. */
    public Path path() {
        return path;
    }

    /** No repository at the path: there is no {@code config} file. */
    public static final class NotInitialized extends RepoException {
        private static final long serialVersionUID = 1L;

        public NotInitialized(Path path) {
            super(path, "no Hypha repo at " + path + ": run 'hypha init'");
        }
    }

    /** Another process (or another {@link Repo} in this one) holds the repository lock. */
    public static final class Locked extends RepoException {
        private static final long serialVersionUID = 1L;

        public Locked(Path path) {
            super(path, "cannot open the Hypha repo at " + path + ": repo is locked by another process");
        }
    }

    /** {@code init} on a repository that exists: reinitialising would replace its identity. */
    public static final class AlreadyExists extends RepoException {
        private static final long serialVersionUID = 1L;

        public AlreadyExists(Path path) {
            super(path, "a Hypha repo already exists at " + path + ": reinitializing would overwrite its keys");
        }
    }

    /** The repository's version file is missing, unreadable, or names a version this build does not know. */
    public static final class BadVersion extends RepoException {
        private static final long serialVersionUID = 1L;

        public BadVersion(Path path, String detail) {
            super(path, "Hypha repo at " + path + ": " + detail);
        }
    }

    /** The {@code config} file cannot be read or holds an invalid value. */
    public static final class BadConfig extends RepoException {
        private static final long serialVersionUID = 1L;

        public BadConfig(Path path, String detail, Throwable cause) {
            super(path, "bad config " + path + ": " + detail, cause);
        }
    }
}
