package io.hypha.node.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a command's FILE argument, {@code -} meaning standard input, with a bound on its size. */
final class InputFiles {
    /** Largest input the in-memory commands (multibase) accept: they hold it all. */
    static final int MAX_IN_MEMORY_INPUT = 64 * 1024 * 1024;

    private InputFiles() {}

    static byte[] readAll(String file) throws IOException {
        if ("-".equals(file)) {
            return readBounded(System.in, "standard input");
        }
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new IOException(file + " is a directory");
        }
        try (InputStream in = Files.newInputStream(path)) {
            return readBounded(in, file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        }
    }

    private static byte[] readBounded(InputStream in, String name) throws IOException {
        byte[] data = in.readNBytes(MAX_IN_MEMORY_INPUT + 1);
        if (data.length > MAX_IN_MEMORY_INPUT) {
            throw new IOException(name + " is larger than " + MAX_IN_MEMORY_INPUT + " bytes");
        }
        return data;
    }
}
