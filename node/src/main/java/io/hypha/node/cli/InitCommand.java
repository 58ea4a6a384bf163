package io.hypha.node.cli;

import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code hypha init}: Kubo's {@code ipfs init}. */
@Command(name = "init", description = {"Initialize the local Hypha repository: a config file with a new Ed25519",
    "identity, a blockstore and a datastore, at --repo-dir, $HYPHA_PATH or ~/.hypha."})
final class InitCommand implements Callable<Integer> {
    @Option(names = {"-p", "--profile"}, split = ",", paramLabel = "NAME",
            description = "Apply config profiles, comma-separated: test, unixfs-v0-2015, unixfs-v1-2025.")
    List<String> profiles = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<ConfigProfile> chosen = new ArrayList<>();
        for (String name : profiles) {
            try {
                chosen.add(ConfigProfile.forName(name));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print("generating ED25519 keypair...");
        out.flush();
        try (Repo repo = Repo.init(HyphaCli.repoPath(spec), Repo.RepoInitOptions.withProfiles(chosen))) {
            out.println("done");
            out.println("peer identity: " + repo.peerId());
            out.println("initializing Hypha node at " + repo.path());
        } catch (IOException | RuntimeException e) {
            out.println();
            out.flush();
            throw e;
        }
        out.flush();
        return 0;
    }
}
