package io.hypha.node.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.crypto.KeyType;
import io.hypha.crypto.PrivateKey;
import io.hypha.peer.PeerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoTest {
    @TempDir
    Path tmp;

    @Test
    void initWritesAKuboShapedConfigWithAPersistedEd25519Identity() throws IOException {
        Path dir = tmp.resolve("repo");
        PeerId id;
        try (Repo repo = Repo.init(dir, Repo.RepoInitOptions.DEFAULTS)) {
            id = repo.peerId();
            assertEquals(KeyType.ED25519, repo.privateKey().type());
            assertTrue(id.toBase58().startsWith("12D3KooW"), id.toBase58());
        }
        JsonNode config = new ObjectMapper().readTree(dir.resolve("config").toFile());
        assertEquals(id.toBase58(), config.at("/Identity/PeerID").asText());
        PrivateKey key = PrivateKey.decode(Base64.getDecoder().decode(config.at("/Identity/PrivKey").asText()));
        assertEquals(id, PeerId.fromPublicKey(key.publicKey()));
        assertEquals("/ip4/0.0.0.0/tcp/4001", config.at("/Addresses/Swarm/0").asText());
        assertEquals("/ip6/::/tcp/4001", config.at("/Addresses/Swarm/1").asText());
        assertEquals("10GB", config.at("/Datastore/StorageMax").asText());
        assertEquals("flatfs", config.at("/Datastore/Spec/mounts/0/child/type").asText());
        assertTrue(config.at("/Bootstrap").size() > 0);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("config"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("1", Files.readString(dir.resolve("version"), StandardCharsets.US_ASCII).strip());
        assertTrue(Files.isRegularFile(dir.resolve("blocks/SHARDING")));
        assertTrue(Files.isRegularFile(dir.resolve("datastore").resolve(MvStoreDatastore.FILE_NAME)));

        try (Repo again = Repo.open(dir)) {
            assertEquals(id, again.peerId());
        }
    }

    /** Kubo's flatfs {@code sync} in {@code Datastore.Spec}: true by default and in a new config, false when set so. */
    @Test
    void theFlatfsSyncOfTheDatastoreSpecIsRead() throws IOException {
        assertTrue(RepoConfig.DatastoreSettings.DEFAULTS.flatfsSync());
        Path dir = tmp.resolve("repo");
        Repo.init(dir, Repo.RepoInitOptions.DEFAULTS).close();
        ObjectMapper json = new ObjectMapper();
        Path config = dir.resolve(Repo.CONFIG_FILE);
        String text = Files.readString(config);
        assertTrue(text.contains("\"sync\" : true") || text.contains("\"sync\": true"), text);
        Files.writeString(config, text.replaceFirst("\"sync\"\\s*:\\s*true", "\"sync\": false"));
        try (Repo repo = Repo.open(dir)) {
            assertTrue(!repo.config().datastore().flatfsSync(), "sync false was read");
            assertTrue(!repo.blocks().config().sync(), "and the block store opened without flushing");
            byte[] data = "written without a flush".getBytes(StandardCharsets.UTF_8);
            io.hypha.block.Block b = io.hypha.block.Block.raw(data);
            repo.blocks().put(b).join();
            assertEquals(b, repo.blocks().get(b.cid()).join().orElseThrow());
        }
        json.readTree(config.toFile()); // still valid JSON
    }

    @Test
    void aSecondOpenIsRefusedWhileTheLockIsHeld() throws IOException {
        Path dir = tmp.resolve("repo");
        try (Repo repo = Repo.init(dir, Repo.RepoInitOptions.DEFAULTS)) {
            RepoException.Locked e = assertThrows(RepoException.Locked.class, () -> Repo.open(dir));
            assertTrue(e.getMessage().contains("repo is locked by another process"), e.getMessage());
        }
        Repo.open(dir).close();
    }

    @Test
    void missingRepoAndSecondInitAreClearErrors() throws IOException {
        Path dir = tmp.resolve("nothing");
        RepoException e = assertThrows(RepoException.NotInitialized.class, () -> Repo.open(dir));
        assertEquals("no Hypha repo at " + dir.toAbsolutePath() + ": run 'hypha init'", e.getMessage());
        Repo.init(dir, Repo.RepoInitOptions.DEFAULTS).close();
        assertThrows(RepoException.AlreadyExists.class, () -> Repo.init(dir, Repo.RepoInitOptions.DEFAULTS));
    }

    @Test
    void unknownVersionAndTamperedIdentityAreRefused() throws IOException {
        Path dir = tmp.resolve("repo");
        Repo.init(dir, Repo.RepoInitOptions.DEFAULTS).close();
        Files.writeString(dir.resolve("version"), "99\n");
        RepoException v = assertThrows(RepoException.BadVersion.class, () -> Repo.open(dir));
        assertTrue(v.getMessage().contains("99"), v.getMessage());
        Files.writeString(dir.resolve("version"), "1\n");

        String config = Files.readString(dir.resolve("config"));
        String other = PeerId.fromPublicKey(PrivateKey.generate(KeyType.ED25519).publicKey()).toBase58();
        String id = new ObjectMapper().readTree(config).at("/Identity/PeerID").asText();
        Files.writeString(dir.resolve("config"), config.replace(id, other));
        assertThrows(RepoException.BadConfig.class, () -> Repo.open(dir));
        Files.writeString(dir.resolve("config"), "{ not json");
        assertThrows(RepoException.BadConfig.class, () -> Repo.open(dir));
    }

    @Test
    void profilesShapeTheConfig() throws IOException {
        Path dir = tmp.resolve("repo");
        try (Repo repo = Repo.init(dir, Repo.RepoInitOptions.withProfiles(
                List.of(ConfigProfile.TEST, ConfigProfile.UNIXFS_V1_2025)))) {
            assertEquals(List.of("/ip4/127.0.0.1/tcp/0"), repo.config().addresses().swarm());
            assertEquals(List.of(), repo.config().bootstrap());
            assertEquals(1, repo.config().importSettings().cidVersion());
            assertEquals(Boolean.TRUE, repo.config().importSettings().unixfsRawLeaves());
        }
        assertThrows(IllegalArgumentException.class, () -> ConfigProfile.forName("fast"));
        assertEquals(ConfigProfile.UNIXFS_V0_2015, ConfigProfile.forName("unixfs-v0-2015"));
    }

    @Test
    void pathComesFromHyphaPathOrTheHomeDirectory() {
        assertEquals(Path.of("/x/y"), Repo.defaultPath(Map.of("HYPHA_PATH", "/x/y"), "/home/u"));
        assertEquals(Path.of("/home/u/.hypha"), Repo.defaultPath(Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u/.hypha"), Repo.defaultPath(Map.of("HYPHA_PATH", " "), "/home/u"));
        assertEquals(Path.of("/home/v/.hypha"), Repo.defaultPath(Map.of("HOME", "/home/v"), "/home/u"));
    }

    @Test
    void sizesParseAsKuboDoes() {
        assertEquals(10_000_000_000L, RepoConfig.parseBytes("10GB"));
        assertEquals(512L << 20, RepoConfig.parseBytes("512MiB"));
        assertEquals(1000L, RepoConfig.parseBytes("1000"));
        assertThrows(IllegalArgumentException.class, () -> RepoConfig.parseBytes("lots"));
    }
}
