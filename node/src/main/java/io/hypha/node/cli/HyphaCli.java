package io.hypha.node.cli;

import io.hypha.node.repo.Repo;
import java.io.PrintStream;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hypha} command line: Kubo's command names and flags where Kubo has the command. */
@Command(
        name = "hypha",
        mixinStandardHelpOptions = true,
        // every subcommand takes -h/--help (and -V/--version) too
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = VersionCommand.Provider.class,
        description = "Hypha: a libp2p and IPFS node for the JVM.",
        subcommands = {
            VersionCommand.class,
            KeyCommand.class,
            CidCommand.class,
            MultibaseCommand.class,
            InitCommand.class,
            IdCommand.class,
            DaemonCommand.class,
            PingCommand.class,
            PerfCommand.class,
            AddCommand.class,
            CatCommand.class,
            GetCommand.class,
            LsCommand.class,
            BlockCommand.class,
            BitswapCommand.class,
            DagCommand.class,
            RefsCommand.class,
            PinCommand.class,
            RepoCommand.class,
            SwarmCommand.class,
            ConfigCommand.class,
            BootstrapCommand.class,
            StatsCommand.class,
            RoutingCommand.class,
            DhtCommand.class,
            NameCommand.class,
            ShutdownCommand.class,
            CommandLine.HelpCommand.class
        })
public final class HyphaCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Kubo's global {@code --repo-dir}: the repository to use instead of {@code $HYPHA_PATH} or {@code ~/.hypha}. */
    @CommandLine.Option(names = "--repo-dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "Path to the repository directory to use (default: $HYPHA_PATH or ~/.hypha).")
    Path repoDir;

    /** Kubo's global {@code --api}: the daemon's RPC API address, instead of the repo's {@code api} file. */
    @CommandLine.Option(names = "--api", paramLabel = "MULTIADDR", scope = CommandLine.ScopeType.INHERIT,
            description = "Use the daemon's RPC API at this address (default: the address in the repo's 'api' file "
                    + "when a daemon runs).")
    String api;

    /** Kubo's global {@code --api-auth}: the secret a daemon with {@code API.Authorizations} requires. */
    @CommandLine.Option(names = "--api-auth", paramLabel = "SECRET", scope = CommandLine.ScopeType.INHERIT,
            description = "Secret for a daemon whose config sets API.Authorizations (basic:USER:PASSWORD or "
                    + "bearer:TOKEN).")
    String apiAuth;

    /** Where commands that print bytes rather than text (multibase decode, cat) write. */
    private final PrintStream binaryOut;

    HyphaCli(PrintStream binaryOut) {
        this.binaryOut = binaryOut;
    }

    /** The byte output of the root command of {@code spec}. */
    static PrintStream binaryOut(CommandLine.Model.CommandSpec spec) {
        return ((HyphaCli) spec.root().userObject()).binaryOut;
    }

    /** The repository the command of {@code spec} works on: {@code --repo-dir}, else {@code $HYPHA_PATH}, else {@code ~/.hypha}. */
    static Path repoPath(CommandLine.Model.CommandSpec spec) {
        Object dir = spec.findOption("--repo-dir") == null ? null : spec.findOption("--repo-dir").getValue();
        Path root = ((HyphaCli) spec.root().userObject()).repoDir;
        Path chosen = dir instanceof Path p ? p : root;
        return chosen != null ? chosen : Repo.defaultPath();
    }

    /** The {@code --api} address given to the command of {@code spec} or to {@code hypha}, or null. */
    static String apiOption(CommandLine.Model.CommandSpec spec) {
        Object own = spec.findOption("--api") == null ? null : spec.findOption("--api").getValue();
        return own instanceof String s ? s : ((HyphaCli) spec.root().userObject()).api;
    }

    /** The {@code --api-auth} secret given to the command of {@code spec} or to {@code hypha}, or null. */
    static String apiAuthOption(CommandLine.Model.CommandSpec spec) {
        Object own = spec.findOption("--api-auth") == null ? null : spec.findOption("--api-auth").getValue();
        return own instanceof String s ? s : ((HyphaCli) spec.root().userObject()).apiAuth;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with Hypha's error handling: bad input prints one line and exits non-zero. */
    public static CommandLine commandLine() {
        return commandLine(System.out);
    }

    /**
     * The command line, with the raw bytes of {@code cat}, {@code block get} and the like written to
     * {@code binaryOut} (text goes to the command line's {@code getOut()} writer): for running commands in-process.
     */
    public static CommandLine commandLine(PrintStream binaryOut) {
        CommandLine cl = new CommandLine(new HyphaCli(binaryOut));
        cl.setExecutionExceptionHandler(new CliErrors());
        cl.setParameterExceptionHandler(new CliErrors());
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
