package io.hypha.node.cli;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.Multibase;
import io.hypha.multiformats.Multicodec;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hypha cid}: Kubo's {@code ipfs cid} (format, base32). */
@Command(
        name = "cid",
        description = "Convert and inspect CIDs.",
        subcommands = {CidCommand.Format.class, CidCommand.Base32.class})
final class CidCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: format or base32");
    }

    @Command(name = "format", description = "Format and convert CIDs.", footerHeading = "Format string directives:%n",
            footer = CidFormat.DIRECTIVES)
    static final class Format implements Callable<Integer> {
        @Option(names = "-f", defaultValue = "%s", description = "Format string (default: ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "-v", description = "CID version to convert to: 0 or 1.")
        Integer version;

        @Option(names = {"-b", "--mbase"}, description = "Multibase to write the CID in (a v0 CID converts to v1 unless -v 0).")
        String base;

        @Parameters(paramLabel = "CID", arity = "1..*", description = "CIDs to format.")
        List<String> cids;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (version != null && version != 0 && version != 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-v must be 0 or 1, not " + version);
            }
            Multibase requested = base == null ? null : Multibase.forName(base);
            return eachCid(spec, cids, (text, cid) -> {
                Cid converted = convert(cid, version, requested);
                // Without -b the CID keeps the base it came in (base58btc for a version 0 CID), as Kubo does.
                Multibase out = requested != null ? requested
                        : cid.version() == 0 ? Multibase.BASE58_BTC : Multibase.of(text);
                return CidFormat.format(format, converted, out);
            });
        }
    }

    @Command(name = "base32", description = "Convert CIDs to version 1 in base32.")
    static final class Base32 implements Callable<Integer> {
        @Parameters(paramLabel = "CID", arity = "1..*", description = "CIDs to convert.")
        List<String> cids;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return eachCid(spec, cids, (text, cid) -> cid.toV1().toString(Multibase.BASE32));
        }
    }

    /** Applies the version rules of Kubo's {@code cid format}: a non-base58 base on a v0 CID means v1. */
    static Cid convert(Cid cid, Integer version, Multibase base) {
        int target = version != null ? version
                : (cid.version() == 0 && base != null && base != Multibase.BASE58_BTC) ? 1 : cid.version();
        if (target == 0 && cid.codec() != Multicodec.DAG_PB.code()) {
            throw new IllegalArgumentException("can't convert a non-dag-pb CID to version 0");
        }
        if (target == 0 && base != null && base != Multibase.BASE58_BTC) {
            throw new IllegalArgumentException("a version 0 CID can only be written in base58btc, not " + base.baseName());
        }
        return target == 0 ? cid.toV0() : cid.toV1();
    }

    /** Runs {@code op} on every CID, printing results and one error line per bad CID; non-zero exit if any failed. */
    private static int eachCid(CommandLine.Model.CommandSpec spec, List<String> texts,
            java.util.function.BiFunction<String, Cid, String> op) {
        int failures = 0;
        for (String text : texts) {
            try {
                spec.commandLine().getOut().println(op.apply(text, Cid.decode(text)));
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("Error: " + text + ": " + e.getMessage());
                failures++;
            }
        }
        spec.commandLine().getOut().flush();
        return failures == 0 ? 0 : CliErrors.EXIT_FAILURE;
    }
}
