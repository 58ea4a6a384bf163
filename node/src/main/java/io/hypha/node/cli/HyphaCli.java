package io.hypha.node.cli;

import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hypha} command line: Kubo's command names and flags where Kubo has the command. */
@Command(
        name = "hypha",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Hypha: a libp2p and IPFS node for the JVM.",
        subcommands = {
            VersionCommand.class,
            KeyCommand.class,
            CidCommand.class,
            MultibaseCommand.class,
            CommandLine.HelpCommand.class
        })
public final class HyphaCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where commands that print bytes rather than text (multibase decode, cat) write. */
    private final PrintStream binaryOut;

    HyphaCli(PrintStream binaryOut) {
        this.binaryOut = binaryOut;
    }

    /** The byte output of the root command of {@code spec}. */
    static PrintStream binaryOut(CommandLine.Model.CommandSpec spec) {
        return ((HyphaCli) spec.root().userObject()).binaryOut;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with Hypha's error handling: bad input prints one line and exits non-zero. */
    public static CommandLine commandLine() {
        return commandLine(System.out);
    }

    static CommandLine commandLine(PrintStream binaryOut) {
        CommandLine cl = new CommandLine(new HyphaCli(binaryOut));
        cl.setExecutionExceptionHandler(new CliErrors());
        cl.setParameterExceptionHandler(new CliErrors());
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
