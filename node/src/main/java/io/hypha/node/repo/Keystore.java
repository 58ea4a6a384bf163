package io.hypha.node.repo;

import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.multiformats.Multibase;
import io.hypha.multiformats.MultiformatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Named keys in the repo's {@code keystore/} directory, in Kubo's layout: one file per key named
 * {@code key_} plus the lower-case, unpadded base32 of the name, holding the libp2p {@code PrivateKey}
 * protobuf, readable by its owner only. The name {@value #SELF} means the node's identity (in the config).
 */
public final class Keystore {
    public static final String DIR = "keystore";
    /** Kubo's name for the node's own key. */
    public static final String SELF = "self";
    private static final String FILE_PREFIX = "key_";
    /** Longest name: its base32 (8 characters per 5 bytes) plus the prefix stays within a 255-byte file name. */
    public static final int MAX_NAME_BYTES = 150;
    /** A key file larger than this is not a key (an RSA 8192 key protobuf is about 4.7 KiB). */
    static final int MAX_KEY_FILE_BYTES = 16 * 1024;

    private final Path dir;

    Keystore(Path dir) {
        this.dir = dir;
    }

    /**
     * Generates a key named {@code name} and stores it; {@code bits} is for RSA only (null: the default).
     *
     * @throws IllegalArgumentException for an invalid or reserved name
     * @throws IOException when a key of that name exists or the file cannot be written
     */
    public PrivateKey generate(String name, KeyType type, Integer bits) throws IOException {
        Path file = fileOf(name);
        PrivateKey key = bits == null ? PrivateKey.generate(type) : PrivateKey.generate(type, bits);
        Files.createDirectories(dir);
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel ch = Files.newByteChannel(file, options, attrs)) {
            ByteBuffer buf = ByteBuffer.wrap(key.encode());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IOException("key with name '" + name + "' already exists");
        }
        return key;
    }

    /** The key named {@code name}, if there is one (not {@value #SELF}: that one is the repo's identity). */
    public Optional<PrivateKey> get(String name) throws IOException {
        Path file = fileOf(name);
        try {
            if (Files.size(file) > MAX_KEY_FILE_BYTES) {
                throw new IOException("keystore file " + file + " is too large to be a key");
            }
            return Optional.of(PrivateKey.decode(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** The names of the stored keys, sorted; files that are not keystore entries are skipped. */
    public List<String> names() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String f = p.getFileName().toString();
                if (!f.startsWith(FILE_PREFIX)) {
                    continue;
                }
                try {
                    names.add(new String(Multibase.BASE32.decodeRaw(f.substring(FILE_PREFIX.length())), StandardCharsets.UTF_8));
                } catch (MultiformatException e) {
                    // not one of ours
                }
            }
        }
        names.sort(null);
        return names;
    }

    /**
     * Removes the key named {@code name} and returns it.
     *
     * @throws IllegalArgumentException for an invalid name, or {@value #SELF}
     * @throws IOException when there is no such key
     */
    public PrivateKey remove(String name) throws IOException {
        if (SELF.equals(name)) {
            throw new IllegalArgumentException("cannot remove key with name '" + SELF + "'");
        }
        PrivateKey key = get(name).orElseThrow(() -> new IOException("key with name '" + name + "' does not exist"));
        Files.delete(fileOf(name));
        return key;
    }

    /**
     * Renames a key; an existing key named {@code to} is replaced only with {@code force}. Returns the key.
     *
     * @throws IllegalArgumentException for an invalid name, or {@value #SELF} on either side
     * @throws IOException when there is no key {@code from}, or a key {@code to} exists and {@code force} is off
     */
    public PrivateKey rename(String from, String to, boolean force) throws IOException {
        if (SELF.equals(from) || SELF.equals(to)) {
            throw new IllegalArgumentException("cannot rename key with name '" + SELF + "'");
        }
        PrivateKey key = get(from).orElseThrow(() -> new IOException("key with name '" + from + "' does not exist"));
        if (from.equals(to)) {
            return key;
        }
        Path target = fileOf(to);
        if (!force && Files.exists(target)) {
            throw new IOException("key by that name already exists, refusing to overwrite");
        }
        Files.move(fileOf(from), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return key;
    }

    private Path fileOf(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (name.isEmpty() || bytes.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("key name must be 1 to " + MAX_NAME_BYTES + " bytes");
        }
        if (name.equals(SELF)) {
            throw new IllegalArgumentException("key name '" + SELF + "' is reserved for the node's identity");
        }
        if (name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("key name must not contain '/'");
        }
        return dir.resolve(FILE_PREFIX + Multibase.BASE32.encodeRaw(bytes));
    }
}
