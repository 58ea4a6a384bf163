/**
 * The node's repository ({@link io.hypha.node.repo.Repo}), laid out as Kubo's fsrepo: a JSON config with
 * the identity, a flatfs blockstore, an embedded metadata {@link io.hypha.node.repo.Datastore} (H2 MVStore),
 * a lock file and a version file; pins ({@link io.hypha.node.repo.Pins}), mark-and-sweep garbage collection
 * ({@link io.hypha.node.repo.GarbageCollector}) guarded by the repository-wide {@link io.hypha.node.repo.GcLock},
 * and block verification ({@link io.hypha.node.repo.RepoVerifier}).
 *
 * <p>Everything here blocks on disk: call it from worker threads, never from an event loop.
 */
package io.hypha.node.repo;
