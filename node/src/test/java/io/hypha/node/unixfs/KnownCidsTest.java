package io.hypha.node.unixfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hypha.multiformats.Cid;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SPEC-NOTES 2.4: the CIDs Kubo and the UnixFS spec give known content, for every CID flavour. */
class KnownCidsTest {
    private static final ImportOptions V0 = ImportOptions.profile(Profile.UNIXFS_V0_2015);
    private static final ImportOptions V1_DAG_PB = V0.withCidVersion(1).withRawLeaves(false);
    private static final ImportOptions V1_RAW = V0.withCidVersion(1);

    private static Cid add(ImportOptions options, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return Importer.onlyHash(options).importStream("", new ByteArrayInputStream(bytes)).root();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "hello world|Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD|bafybeihykld7uyxzogax6vgyvag42y7464eywpf55gxi5qpoisibh3c5wa|bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e",
        "'hello world\n'|QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o|bafybeicg2rebjoofv4kbyovkw7af3rpiitvnl6i7ckcywaq6xjcxnc2mby|bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4",
        "''|QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH|bafybeif7ztnhq65lumvvtr4ekcwd2ifwgm3awq4zfr3srh462rwyinlb4y|bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
    })
    void knownFileCids(String content, String v0, String v1DagPb, String v1Raw) throws IOException {
        String text = content.replace("\\n", "\n");
        assertEquals(v0, add(V0, text).toString());
        assertEquals(v1DagPb, add(V1_DAG_PB, text).toString());
        assertEquals(v1Raw, add(V1_RAW, text).toString());
        assertEquals(v1Raw, add(ImportOptions.profile(Profile.UNIXFS_V1_2025), text).toString());
    }

    @ParameterizedTest(name = "cid version {0}")
    @CsvSource({"0,QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", "1,bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354"})
    void emptyDirectory(int version, String expected, @TempDir Path dir) throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertEquals(expected, Importer.onlyHash(V0.withCidVersion(version)).importPath(empty).root().toString());
    }
}
