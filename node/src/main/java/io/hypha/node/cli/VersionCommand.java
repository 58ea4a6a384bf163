package io.hypha.node.cli;

import io.hypha.host.HostBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hypha version}: as Kubo's {@code ipfs version}, one line. */
@Command(name = "version", description = "Show Hypha's version.")
final class VersionCommand implements Runnable {
    @CommandLine.Option(names = "--all", description = "Also show the Java runtime and system.")
    boolean all;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        var out = spec.commandLine().getOut();
        out.println("hypha version " + version());
        if (all) {
            out.println("Java: " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
            out.println("System: " + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
        }
    }

    /** The version this build was made from (the one identify announces in {@code hypha/<version>}). */
    static String version() {
        return HostBuilder.version();
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hypha " + version()};
        }
    }
}
