package io.hypha.node.cli;

import io.hypha.node.Content;
import io.hypha.node.repo.Repo;
import io.hypha.node.repo.RepoConfig;
import io.hypha.node.unixfs.Chunker;
import io.hypha.node.unixfs.ImportListener;
import io.hypha.node.unixfs.ImportOptions;
import io.hypha.node.unixfs.ImportResult;
import io.hypha.node.unixfs.ImportedEntry;
import io.hypha.node.unixfs.Layout;
import io.hypha.node.unixfs.Profile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hypha add}: Kubo's {@code ipfs add}: through the running daemon (the files sent as Kubo's client sends
 * them), or into the repo offline.
 */
@Command(name = "add", description = {"Add files to the repository as UnixFS DAGs and pin them.",
    "Prints 'added <cid> <path>' for every file and directory, the root last."})
final class AddCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files (or, with -r, directories) to add.")
    List<Path> paths;

    @Option(names = {"-r", "--recursive"}, description = "Add directory paths recursively.")
    boolean recursive;

    @Option(names = {"-n", "--only-hash"}, description = "Only chunk and hash: write nothing to disk.")
    boolean onlyHash;

    @Option(names = {"-w", "--wrap-with-directory"}, description = "Wrap files with a directory object.")
    boolean wrap;

    @Option(names = {"-H", "--hidden"}, description = "Include files whose names start with a dot.")
    boolean hidden;

    @Option(names = {"-q", "--quiet"}, description = "Write minimal output: the CIDs only.")
    boolean quiet;

    @Option(names = {"-Q", "--quieter"}, description = "Write only the final CID.")
    boolean quieter;

    @Option(names = {"-p", "--progress"}, description = "Show a progress bar on stderr (default: for large inputs on a terminal).")
    boolean progress;

    @Option(names = "--pin", arity = "0..1", defaultValue = "true", fallbackValue = "true", paramLabel = "BOOL",
            description = "Pin the added roots (default: ${DEFAULT-VALUE}).")
    boolean pin;

    @Option(names = "--cid-version", paramLabel = "N", description = "CID version: 0 or 1 (1 implies --raw-leaves).")
    Integer cidVersion;

    @Option(names = "--raw-leaves", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "Use raw blocks for file leaves.")
    Boolean rawLeaves;

    @Option(names = {"-s", "--chunker"}, paramLabel = "size-N", description = "Chunking algorithm: size-N (default size-262144).")
    String chunker;

    @Option(names = {"-t", "--trickle"}, description = "Use the trickle DAG layout.")
    boolean trickle;

    @Option(names = "--profile", paramLabel = "NAME", description = "UnixFS import profile: unixfs-v0-2015 or unixfs-v1-2025.")
    String profile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        for (Path p : paths) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(p + ": no such file or directory");
            }
            if (Files.isDirectory(p) && !recursive) {
                throw new IOException(p + " is a directory, use the '-r' flag to specify directories");
            }
        }
        if (onlyHash) {
            Bar bar = listener(paths);
            // the repo's Import settings apply where there is a repo, as in Kubo; no repo is needed to only hash
            RepoConfig.ImportSettings settings = Repo.peekConfig(HyphaCli.repoPath(spec))
                    .map(RepoConfig::importSettings).orElse(null);
            ImportOptions base = Content.importOptions(settings);
            boolean leavesChosen = settings != null && settings.unixfsRawLeaves() != null;
            List<ImportResult> results = Content.onlyHash(paths, options(base, leavesChosen), bar);
            bar.done();
            results.forEach(this::print);
            return 0;
        }
        Optional<ApiClient> daemon = CliApi.find(spec);
        if (daemon.isPresent()) {
            try (ApiClient api = daemon.get()) {
                upload(api);
            }
            return 0;
        }
        try (Repo repo = CliRepo.open(spec); Content content = Content.offline(repo)) {
            Content.AddOptions options = new Content.AddOptions(options(content.importDefaults(), content.rawLeavesConfigured()), pin);
            Bar bar = listener(paths);
            List<ImportResult> results = CliRepo.await(content.add(paths, options, bar));
            bar.done();
            results.forEach(this::print);
        }
        return 0;
    }

    /**
     * Sends the paths to the daemon's {@code add} in one request with Kubo's options (so {@code -w} wraps them all
     * in one directory, as offline) and prints the entries as they are answered ({@code {"Name","Hash","Size"}}
     * lines; progress lines are skipped), as the offline add prints them.
     */
    private void upload(ApiClient api) throws IOException {
        if (profile != null) {
            try {
                Profile.forId(profile);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (chunker != null) {
            try {
                Chunker.parse(chunker);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        Map<String, String> o = new LinkedHashMap<>();
        o.put("pin", Boolean.toString(pin));
        o.put("wrap-with-directory", Boolean.toString(wrap));
        o.put("hidden", Boolean.toString(hidden));
        o.put("trickle", Boolean.toString(trickle));
        o.put("progress", "false");
        if (profile != null) {
            o.put("profile", profile);
        }
        if (cidVersion != null) {
            o.put("cid-version", cidVersion.toString());
        }
        if (rawLeaves != null) {
            o.put("raw-leaves", rawLeaves.toString());
        }
        if (chunker != null) {
            o.put("chunker", chunker);
        }
        MultipartUpload upload = MultipartUpload.tree(paths, hidden);
        PrintWriter out = spec.commandLine().getOut();
        String[] last = {null};
        api.lines("add", List.of(), o, upload.body(), upload.contentType(), line -> {
            if (!line.has("Hash")) {
                return;
            }
            String cid = line.get("Hash").asText();
            String name = line.path("Name").asText("");
            last[0] = cid;
            if (!quieter) {
                out.println(quiet ? cid : "added " + cid + " " + name); // Kubo: "added CID " for a wrapping directory
                out.flush();
            }
        });
        if (quieter && last[0] != null) {
            out.println(last[0]);
            out.flush();
        }
    }

    /**
     * Profile (flag, else {@code base}: the repo's Import config over Kubo's default), then the explicit flags;
     * {@code configuredLeaves}: the config chose raw leaves, so {@code --cid-version} does not change them.
     */
    private ImportOptions options(ImportOptions base, boolean configuredLeaves) {
        ImportOptions o;
        if (profile != null) {
            try {
                o = ImportOptions.profile(Profile.forId(profile));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        } else {
            o = base;
        }
        try {
            if (cidVersion != null) {
                o = Content.withCidVersion(o, cidVersion, profile != null || configuredLeaves);
            }
            if (rawLeaves != null) {
                o = o.withRawLeaves(rawLeaves);
            }
            if (chunker != null) {
                o = o.withChunker(Chunker.parse(chunker));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (trickle) {
            o = o.withLayout(Layout.TRICKLE);
        }
        return o.withWrapWithDirectory(wrap).withIncludeHidden(hidden);
    }

    private void print(ImportResult result) {
        PrintWriter out = spec.commandLine().getOut();
        if (quieter) {
            out.println(result.root());
        } else {
            for (ImportedEntry e : result.entries()) {
                out.println(quiet ? e.cid().toString()
                        : "added " + e.cid() + " " + e.path()); // Kubo: "added CID " for a wrapping directory
            }
        }
        out.flush();
    }

    /** A progress bar when asked for, or when the input is large and a person is watching. */
    private Bar listener(List<Path> inputs) throws IOException {
        long total = 0;
        for (Path p : inputs) {
            total += size(p);
        }
        boolean show = progress || (System.console() != null && total >= ProgressBar.MIN_BYTES_FOR_BAR);
        return new Bar(show ? new ProgressBar(spec.commandLine().getErr(), total) : null);
    }

    private static long size(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return Files.size(p);
        }
        try (Stream<Path> files = Files.walk(p)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static final class Bar implements ImportListener {
        private final ProgressBar bar;

        Bar(ProgressBar bar) {
            this.bar = bar;
        }

        @Override
        public void bytesRead(long bytes) {
            if (bar != null) {
                bar.advance(bytes);
            }
        }

        void done() {
            if (bar != null) {
                bar.finish();
            }
        }
    }
}
