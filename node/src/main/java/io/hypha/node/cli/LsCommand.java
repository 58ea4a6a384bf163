package io.hypha.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.hypha.multiformats.Cid;
import io.hypha.node.Content;
import io.hypha.node.repo.Repo;
import io.hypha.node.unixfs.DirectoryEntry;
import io.hypha.node.unixfs.EntryType;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code hypha ls}: Kubo's {@code ipfs ls}: the entries of a UnixFS directory, through the daemon or from the repo. */
@Command(name = "ls", description = "List a UnixFS directory: CID, size and name of each entry (directories end in /).")
final class LsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IPFS-PATH", description = "A directory's CID, or a path below one: CID/dir or /ipfs/CID/dir.")
    String cid;

    @CommandLine.Option(names = {"-v", "--headers"}, description = "Print table headers (Hash, Size, Name).")
    boolean headers;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String path = CliRepo.path(cid);
        List<DirectoryEntry> entries = new ArrayList<>();
        Optional<ApiClient> daemon = CliApi.find(spec);
        if (daemon.isPresent()) {
            try (ApiClient api = daemon.get()) {
                for (JsonNode l : api.json("ls", List.of(path), Map.of()).path("Objects").path(0).path("Links")) {
                    entries.add(new DirectoryEntry(l.get("Name").asText(), Cid.decode(l.get("Hash").asText()),
                            l.get("Size").asLong(), switch (l.get("Type").asInt()) {
                                case 1 -> EntryType.DIRECTORY;
                                case 4 -> EntryType.SYMLINK;
                                default -> EntryType.FILE;
                            }));
                }
            }
        } else {
            try (Repo repo = CliRepo.open(spec); Content content = Content.offline(repo)) {
                entries.addAll(CliRepo.await(content.ls(CliRepo.await(content.resolvePath(path)))));
            }
        }
        // Kubo prints through a tabwriter: columns padded to the widest value plus one space.
        int cidWidth = entries.stream().mapToInt(e -> e.cid().toString().length()).max().orElse(0);
        int sizeWidth = entries.stream().mapToInt(e -> size(e).length()).max().orElse(0);
        PrintWriter out = spec.commandLine().getOut();
        if (headers) {
            cidWidth = Math.max(cidWidth, "Hash".length());
            sizeWidth = Math.max(sizeWidth, "Size".length());
            out.println(pad("Hash", cidWidth) + " " + pad("Size", sizeWidth) + " Name");
        }
        for (DirectoryEntry e : entries) {
            String name = e.type() == EntryType.DIRECTORY ? e.name() + "/" : e.name();
            out.println(pad(e.cid().toString(), cidWidth) + " " + pad(size(e), sizeWidth) + " " + name);
        }
        out.flush();
        return 0;
    }

    private static String size(DirectoryEntry e) {
        return e.type() == EntryType.DIRECTORY ? "-" : Long.toString(e.size());
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
