package io.hypha.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hypha} command line: Kubo's command names and flags where Kubo has the command. */
@Command(
        name = "hypha",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Hypha: a libp2p and IPFS node for the JVM.",
        subcommands = {VersionCommand.class, CommandLine.HelpCommand.class})
public final class HyphaCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with Hypha's error handling: bad input prints one line and exits non-zero. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new HyphaCli());
        cl.setExecutionExceptionHandler(new CliErrors());
        cl.setParameterExceptionHandler(new CliErrors());
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
