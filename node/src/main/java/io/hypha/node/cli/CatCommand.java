package io.hypha.node.cli;

import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.repo.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hypha cat}: Kubo's {@code ipfs cat}: streams a UnixFS file, through the daemon or from the repo. */
@Command(name = "cat", description = "Write the bytes of a UnixFS file to stdout.")
final class CatCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IPFS-PATH", description = "The file's CID, or a path below one: CID/dir/file or /ipfs/CID/dir/file.")
    String cid;

    @Option(names = {"-o", "--offset"}, defaultValue = "0", paramLabel = "N", description = "Byte offset to begin at.")
    long offset;

    @Option(names = {"-l", "--length"}, defaultValue = "-1", paramLabel = "N", description = "Most bytes to write.")
    long length;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (offset < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--offset must be 0 or more, not " + offset);
        }
        if (length < -1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--length must be 0 or more, not " + length);
        }
        String path = CliRepo.path(cid);
        PrintStream out = HyphaCli.binaryOut(spec);
        Optional<ApiClient> daemon = CliApi.find(spec);
        if (daemon.isPresent()) {
            try (ApiClient api = daemon.get();
                    InputStream in = api.stream("cat", List.of(path), ApiClient.opts(
                            "offset", Long.toString(offset), "length", Long.toString(length)))) {
                in.transferTo(out);
            }
        } else {
            try (Repo repo = CliRepo.open(spec); Content content = Content.offline(repo)) {
                Cid c = CliRepo.await(content.resolvePath(path));
                CliRepo.await(content.cat(c, offset, length, out));
            }
        }
        out.flush();
        return 0;
    }
}
