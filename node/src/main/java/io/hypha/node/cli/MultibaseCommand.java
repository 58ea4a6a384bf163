package io.hypha.node.cli;

import io.hypha.multiformats.Multibase;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hypha multibase}: Kubo's {@code ipfs multibase} (encode, decode, list). */
@Command(
        name = "multibase",
        description = "Encode and decode data with a multibase prefix.",
        subcommands = {MultibaseCommand.Encode.class, MultibaseCommand.Decode.class, MultibaseCommand.ListBases.class})
final class MultibaseCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: encode, decode or list");
    }

    @Command(name = "encode", description = "Encode FILE (or - for stdin) to multibase text, written without a trailing newline.")
    static final class Encode implements Callable<Integer> {
        @Option(names = {"-b", "--b"}, defaultValue = "base64url", description = "Multibase name (default: ${DEFAULT-VALUE}).")
        String base;

        @Parameters(index = "0", paramLabel = "FILE", description = "Data to encode; - reads standard input.")
        String file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Multibase mb = Multibase.forName(base);
            String text = mb.encode(InputFiles.readAll(file));
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "decode", description = "Decode the multibase text in FILE (or - for stdin) and write the bytes to stdout.")
    static final class Decode implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "Multibase text; - reads standard input.")
        String file;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            String text = new String(InputFiles.readAll(file), StandardCharsets.UTF_8).strip();
            byte[] data = Multibase.decode(text);
            PrintStream out = HyphaCli.binaryOut(spec);
            out.write(data);
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", description = "List the supported multibases: prefix and name.")
    static final class ListBases implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            for (Multibase mb : Multibase.values()) {
                String prefix = mb.prefix().equals("\u0000") ? "\\0" : mb.prefix();
                spec.commandLine().getOut().printf("%-4s %s%n", prefix, mb.baseName());
            }
        }
    }
}
