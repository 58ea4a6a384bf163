package io.hypha.node.cli;

import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.repo.Repo;
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

/** {@code hypha get}: Kubo's {@code ipfs get}, offline: writes a UnixFS file or tree to disk. */
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
        try (Repo repo = CliRepo.open(spec); Content content = Content.offline(repo)) {
            spec.commandLine().getOut().println("Saving file(s) to " + target);
            spec.commandLine().getOut().flush();
            CliRepo.await(content.get(c, target));
        }
        return 0;
    }
}
