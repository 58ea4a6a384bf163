package io.hypha.node.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hypha shutdown}: Kubo's {@code ipfs shutdown}, asking the running daemon to stop. */
@Command(name = "shutdown", description = "Stop the running daemon (it closes its connections and releases the repo).")
final class ShutdownCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try (ApiClient api = CliApi.require(spec)) {
            api.json("shutdown", List.of(), Map.of());
        }
        return 0;
    }
}
