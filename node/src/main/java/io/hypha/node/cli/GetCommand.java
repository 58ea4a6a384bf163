package io.hypha.node.cli;

import io.hypha.multiformats.Cid;
import io.hypha.node.unixfs.TarExtract;
import java.io.InputStream;
import java.util.List;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hypha get}: Kubo's {@code ipfs get}: writes a UnixFS file or tree to disk, through the daemon or offline. */
@Command(name = "get", description = "Write the file, directory or symlink at CID to disk (default: ./CID).")
final class GetCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CID")
    String cid;

    @Option(names = {"-o", "--output"}, paramLabel = "PATH", description = "Where to write it; must not exist.")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Cid c = CliRepo.cid(cid);
        Path target = output != null ? output : Path.of(cid.startsWith("/ipfs/") ? cid.substring(6) : cid);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target + " already exists; not overwriting it");
        }
        try (CliNode node = CliNode.open(spec)) {
            spec.commandLine().getOut().println("Saving file(s) to " + target);
            spec.commandLine().getOut().flush();
            if (node.api() != null) {
                // Kubo's get: the daemon sends a tar stream, written to disk here as it arrives
                try (InputStream in = node.api().stream("get", List.of(c.toString()), ApiClient.opts("archive", "true"))) {
                    TarExtract.extract(in, target);
                }
            } else {
                CliRepo.await(node.content().get(c, target));
            }
        }
        return 0;
    }
}
