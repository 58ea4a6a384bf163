package io.hypha.node.repo;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.StampedLock;

/**
 * The repository-wide lock between writers of unpinned-yet blocks and garbage collection, as Kubo's
 * {@code GCLocker}: an add, a {@code dag import} or a pin change holds it <em>shared</em> from its first
 * block write until its pin is recorded, and garbage collection holds it <em>exclusively</em> for its whole
 * mark and sweep. So GC never sees a block that an unfinished add has written but not pinned yet.
 *
 * <p>A held lock is released through its {@link Unlocker}, from any thread (an add may finish on
 * another thread than it started), once; closing it again does nothing. The lock is not reentrant.
 */
public final class GcLock {
    private final StampedLock lock = new StampedLock();

    /** Releases a held lock. */
    public interface Unlocker extends AutoCloseable {
        /** Releases the lock; later calls do nothing. */
        @Override
        void close();
    }

    /** Takes the lock shared, waiting while a collection runs. */
    public Unlocker lockShared() throws InterruptedException {
        long stamp = lock.readLockInterruptibly();
        return unlocker(() -> lock.unlockRead(stamp));
    }

    /** Takes the lock exclusively, waiting for every shared holder to finish. */
    public Unlocker lockExclusive() throws InterruptedException {
        long stamp = lock.writeLockInterruptibly();
        return unlocker(() -> lock.unlockWrite(stamp));
    }

    /** Takes the lock exclusively if no one holds it now. */
    public Optional<Unlocker> tryLockExclusive() {
        long stamp = lock.tryWriteLock();
        return stamp == 0 ? Optional.empty() : Optional.of(unlocker(() -> lock.unlockWrite(stamp)));
    }

    /** Whether a collection holds the lock now (Kubo's {@code GCRequested}). */
    public boolean collecting() {
        return lock.isWriteLocked();
    }

    /** Number of shared holders now. */
    public int sharedHolders() {
        return lock.getReadLockCount();
    }

    private static Unlocker unlocker(Runnable release) {
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release.run();
            }
        };
    }
}
