package io.hypha.node.repo;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Config transformations applied by {@code hypha init --profile NAME}, as Kubo's config profiles of the
 * same names.
 */
public enum ConfigProfile {
    /** Kubo's {@code test}: loopback-only, ephemeral ports, no bootstrap peers; for tests and local clusters. */
    TEST("test") {
        @Override
        RepoConfig apply(RepoConfig c) {
            RepoConfig.Addresses a = new RepoConfig.Addresses(
                    List.of("/ip4/127.0.0.1/tcp/0"), List.of(), List.of(), "/ip4/127.0.0.1/tcp/0", "/ip4/127.0.0.1/tcp/0");
            return new RepoConfig(c.identity(), c.datastore(), a, List.of(), c.importSettings(), c.swarm(), c.api(), c.routing(), c.provide());
        }
    },
    /** IPIP-499 {@code unixfs-v0-2015}: CIDv0, dag-pb leaves, 256 KiB chunks, 174 links per node (Kubo's default). */
    UNIXFS_V0_2015("unixfs-v0-2015") {
        @Override
        RepoConfig apply(RepoConfig c) {
            return withImport(c, new RepoConfig.ImportSettings(0, false, "size-262144", "sha2-256", 174));
        }
    },
    /** IPIP-499 {@code unixfs-v1-2025}: CIDv1, raw leaves, 1 MiB chunks, 1024 links per node. */
    UNIXFS_V1_2025("unixfs-v1-2025") {
        @Override
        RepoConfig apply(RepoConfig c) {
            return withImport(c, new RepoConfig.ImportSettings(1, true, "size-1048576", "sha2-256", 1024));
        }
    };

    private final String profileName;

    ConfigProfile(String profileName) {
        this.profileName = profileName;
    }

    /** The name given to {@code --profile}. */
    public String profileName() {
        return profileName;
    }

    abstract RepoConfig apply(RepoConfig config);

    private static RepoConfig withImport(RepoConfig c, RepoConfig.ImportSettings settings) {
        return new RepoConfig(c.identity(), c.datastore(), c.addresses(), c.bootstrap(), settings, c.swarm(), c.api(), c.routing(), c.provide());
    }

    /** The profile called {@code name}; {@link IllegalArgumentException} naming the known ones otherwise. */
    public static ConfigProfile forName(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.profileName.equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown profile '" + name + "': use one of "
                        + Arrays.stream(values()).map(ConfigProfile::profileName).collect(Collectors.joining(", "))));
    }
}
