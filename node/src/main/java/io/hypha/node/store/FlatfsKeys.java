package io.hypha.node.store;

import io.hypha.multiformats.Multihash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Lists the block keys of a flatfs directory lazily, holding at most two directory handles (the root and
 * one shard) and one key at a time.
 */
final class FlatfsKeys extends Spliterators.AbstractSpliterator<Multihash> {
    private final Path root;
    private DirectoryStream<Path> shards;
    private Iterator<Path> shardIt;
    private DirectoryStream<Path> files;
    private Iterator<Path> fileIt = Collections.emptyIterator();

    private FlatfsKeys(Path root) {
        super(Long.MAX_VALUE, Spliterator.DISTINCT | Spliterator.NONNULL);
        this.root = root;
    }

    /** The stream of keys under {@code root}; close it to release the directory handles. */
    static Stream<Multihash> stream(Path root) {
        FlatfsKeys keys = new FlatfsKeys(root);
        return StreamSupport.stream(keys, false).onClose(keys::close);
    }

    @Override
    public boolean tryAdvance(Consumer<? super Multihash> action) {
        try {
            if (shards == null) {
                // Shard directories only: skips SHARDING, _README, diskUsage.cache and dot-files.
                shards = Files.newDirectoryStream(root,
                        p -> !p.getFileName().toString().startsWith(".") && Files.isDirectory(p));
                shardIt = shards.iterator();
            }
            while (true) {
                while (fileIt.hasNext()) {
                    Optional<Multihash> mh = FlatfsLayout.parse(fileIt.next().getFileName().toString());
                    if (mh.isPresent()) {
                        action.accept(mh.get());
                        return true;
                    }
                }
                closeFiles();
                if (!shardIt.hasNext()) {
                    return false;
                }
                files = Files.newDirectoryStream(shardIt.next());
                fileIt = files.iterator();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("listing blocks in " + root + " failed", e);
        } catch (DirectoryIteratorException e) {
            throw new UncheckedIOException("listing blocks in " + root + " failed", e.getCause());
        }
    }

    private void closeFiles() throws IOException {
        if (files != null) {
            files.close();
            files = null;
            fileIt = Collections.emptyIterator();
        }
    }

    private void close() {
        try {
            closeFiles();
            if (shards != null) {
                shards.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing the block listing of " + root + " failed", e);
        }
    }
}
