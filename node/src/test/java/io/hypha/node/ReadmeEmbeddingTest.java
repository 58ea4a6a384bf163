package io.hypha.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.node.repo.ConfigProfile;
import io.hypha.node.repo.Repo;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's embedding example, as written: the first Java block under "### Embedding" is compiled against
 * the node's classpath and run in a JVM of its own, on a repo found the way the command line finds it
 * ({@code HYPHA_PATH}).
 */
class ReadmeEmbeddingTest {
    @TempDir
    Path tmp;

    @Test
    void theEmbeddingExampleCompilesAndRuns() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher m = Pattern.compile("### Embedding\\n.*?```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "no Java block under '### Embedding' in the README");
        String source = m.group(1);
        Matcher cls = Pattern.compile("public class (\\w+)").matcher(source);
        assertTrue(cls.find(), "the example is not a complete class");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path file = src.resolve(cls.group(1) + ".java");
        Files.writeString(file, source);

        String classpath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-d", src.toString(), "-cp", classpath, file.toString());
        assertEquals(0, compiled, "the README's example does not compile");

        Path repo = tmp.resolve("repo");
        Repo.init(repo, new Repo.RepoInitOptions(List.of(ConfigProfile.TEST), Optional.empty())).close();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", src + File.pathSeparator + classpath,
                cls.group(1)).redirectErrorStream(true);
        pb.environment().put(Repo.PATH_ENV, repo.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done, "the example did not finish: " + output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("hello from the JVM"), output);
        assertTrue(output.contains("added bafk") || output.contains("added Qm"), output);
    }

}
