package io.hypha.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** The inputs the UnixFS CID comparisons import with each tool: files of given sizes, a tree, a sharded directory. */
final class UnixfsInputs {
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    private UnixfsInputs() {}

    /** {@code dir/file-SIZE}: {@code size} pseudo-random bytes from {@code random}. */
    static Path file(Path dir, long size, SplittableRandom random) throws IOException {
        Path f = dir.resolve("file-" + size);
        byte[] buf = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(f)) {
            for (long left = size; left > 0; left -= buf.length) {
                random.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(left, buf.length));
            }
        }
        return f;
    }

    /**
     * {@code dir/tree}: nested directories, an empty one, a file of two chunks, a symlink to it and a file with a
     * non-ASCII name.
     */
    static Path tree(Path dir, SplittableRandom random) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.createDirectories(tree.resolve("sub/deeper"));
        Files.createDirectories(tree.resolve("empty"));
        Files.writeString(tree.resolve("hello.txt"), "hello world\n");
        byte[] twoChunks = new byte[300 * KIB];
        random.nextBytes(twoChunks);
        Files.write(tree.resolve("sub/deeper/two-chunks"), twoChunks);
        Files.createSymbolicLink(tree.resolve("link"), Path.of("sub/deeper/two-chunks"));
        Files.writeString(tree.resolve("sub/\u00e9t\u00e9 \u2603.txt"), "unicode name");
        return tree;
    }

    /** {@code dir/sharded}: {@code files} one-byte files with long names, enough to pass the HAMT threshold. */
    static Path sharded(Path dir, int files, SplittableRandom random) throws IOException {
        Path sharded = Files.createDirectories(dir.resolve("sharded"));
        for (int i = 0; i < files; i++) {
            Files.write(sharded.resolve(String.format("entry-%05d-with-a-long-enough-name", i)),
                    new byte[] {(byte) random.nextInt()});
        }
        return sharded;
    }
}
