package io.hypha.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.multiformats.Multibase;
import io.hypha.node.Content;
import io.hypha.peer.PeerId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hypha key}: Kubo's {@code ipfs key}. {@code gen NAME} stores the key in the repo's keystore and
 * prints its id as Kubo does (a base36 libp2p-key CID); {@code gen --out FILE} writes it to a file instead
 * and prints the peer id. {@code list [-l]} shows the keystore.
 */
@Command(name = "key", description = "Create and manage identity keys.",
        subcommands = {KeyCommand.Gen.class, KeyCommand.ListKeys.class, KeyCommand.Rm.class, KeyCommand.Rename.class})
final class KeyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: gen, list, rm or rename");
    }

    @Command(name = "gen", description = {
        "Generate a key pair and store it in the repo's keystore as NAME (printing its id),",
        "or write the private key (libp2p PrivateKey protobuf) to FILE (printing its peer id)."})
    static final class Gen implements Callable<Integer> {
        /** RSA sizes accepted, as go-libp2p: 2048 to 8192 bits. */
        static final int RSA_DEFAULT_BITS = 2048;

        @Option(names = {"-t", "--type"}, defaultValue = "ed25519",
                description = "ed25519, secp256k1, ecdsa or rsa (default: ${DEFAULT-VALUE}).")
        String type;

        @Option(names = {"-s", "--size"}, description = "Key size in bits (rsa only; default " + RSA_DEFAULT_BITS + ").")
        Integer size;

        @Option(names = {"-o", "--out"}, paramLabel = "FILE",
                description = "Write the private key to FILE instead of the keystore; an existing file is not overwritten.")
        Path out;

        @CommandLine.Parameters(arity = "0..1", paramLabel = "NAME", description = "Name of the key in the keystore.")
        String name;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            KeyType keyType;
            try {
                keyType = KeyType.forName(type);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (size != null && keyType != KeyType.RSA) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--size applies to rsa keys only");
            }
            if ((name == null) == (out == null)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give a key NAME or --out FILE (one of them)");
            }
            Integer bits = keyType == KeyType.RSA ? Integer.valueOf(size == null ? RSA_DEFAULT_BITS : size) : null;
            if (name != null) {
                Content.Key key;
                try (CliNode node = CliNode.open(spec)) {
                    key = node.api() != null
                            ? key(node.api().json("key/gen", List.of(name), ApiClient.opts("type", type,
                                    "size", String.valueOf(bits == null ? RSA_DEFAULT_BITS : bits))))
                            : CliRepo.await(node.content().keyGen(name, keyType, bits));
                }
                spec.commandLine().getOut().println(key.id().toCidString(Multibase.BASE36));
                return 0;
            }
            PrivateKey key = bits == null ? PrivateKey.generate(keyType) : PrivateKey.generate(keyType, bits);
            write(out, key.encode());
            spec.commandLine().getOut().println(PeerId.fromPublicKey(key.publicKey()));
            return 0;
        }

        /** Creates FILE readable by its owner only; refuses to replace an existing file. */
        private static void write(Path file, byte[] bytes) throws IOException {
            Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            boolean posix = file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
            // The permissions are set as the file is created, so the key is never readable by others.
            FileAttribute<?>[] attrs = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            try (SeekableByteChannel ch = Files.newByteChannel(file, options, attrs)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            } catch (FileAlreadyExistsException e) {
                throw new IOException(file + " already exists; not overwriting a key");
            } catch (NoSuchFileException e) {
                throw new IOException(file + ": directory does not exist");
            }
        }
    }

    @Command(name = "list", description = "List the keys: self (the node's identity) and the keystore's.")
    static final class ListKeys implements Callable<Integer> {
        @Option(names = {"-l"}, description = "Show each key's id too.")
        boolean ids;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            List<Content.Key> keys = new ArrayList<>();
            try (CliNode node = CliNode.open(spec)) {
                if (node.api() != null) {
                    node.api().json("key/list", List.of(), Map.of()).path("Keys").forEach(k -> keys.add(key(k)));
                } else {
                    keys.addAll(CliRepo.await(node.content().keyList()));
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            keys.forEach(key -> print(out, key, ids));
            out.flush();
            return 0;
        }
    }

    /** A key as the daemon answers one: {@code {"Name","Id"}}. */
    static Content.Key key(JsonNode k) {
        return new Content.Key(k.path("Name").asText(), PeerId.parse(k.path("Id").asText()));
    }

    /** A key as Kubo's key commands print one: its name, or with {@code -l} its base36 id and name. */
    static void print(PrintWriter out, Content.Key key, boolean withId) {
        out.println(withId ? key.id().toCidString(Multibase.BASE36) + " " + key.name() : key.name());
    }

    @Command(name = "rm", description = "Remove keys from the keystore (never self) and print their names.")
    static final class Rm implements Callable<Integer> {
        @CommandLine.Parameters(arity = "1..*", paramLabel = "NAME", description = "Names of the keys to remove.")
        List<String> names;

        @Option(names = {"-l"}, description = "Show each key's id too.")
        boolean ids;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (CliNode node = CliNode.open(spec)) {
                for (String name : names) {
                    print(out, node.api() != null
                            ? key(node.api().json("key/rm", List.of(name), Map.of()).path("Keys").path(0))
                            : CliRepo.await(node.content().keyRm(name)), ids);
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "rename", description = "Rename a key in the keystore (never self).")
    static final class Rename implements Callable<Integer> {
        @CommandLine.Parameters(index = "0", paramLabel = "OLD", description = "The key's name.")
        String from;

        @CommandLine.Parameters(index = "1", paramLabel = "NEW", description = "Its new name.")
        String to;

        @Option(names = {"-f", "--force"}, description = "Replace a key that already has the new name.")
        boolean force;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            try (CliNode node = CliNode.open(spec)) {
                Content.Key key = node.api() != null
                        ? new Content.Key(to, PeerId.parse(node.api().json("key/rename", List.of(from, to),
                                ApiClient.opts("force", Boolean.toString(force))).path("Id").asText()))
                        : CliRepo.await(node.content().keyRename(from, to, force));
                spec.commandLine().getOut().println("Key " + key.id().toCidString(Multibase.BASE36) + " renamed to " + to);
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
