package io.hypha.node.repo;

import java.nio.file.Path;

/**
 * What {@code repo stat} reports, with Kubo's field names.
 *
 * @param numObjects blocks stored (identity blocks are not stored)
 * @param repoSize bytes of every file under the repository directory
 * @param storageMax {@code Datastore.StorageMax} in bytes
 * @param repoPath the repository directory
 * @param version the repo format, {@code fs-repo@N}
 */
public record RepoStat(long numObjects, long repoSize, long storageMax, Path repoPath, String version) {}
