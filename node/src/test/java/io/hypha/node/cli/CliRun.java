package io.hypha.node.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** One in-process run of the command line: its exit code, text output, error output and byte output. */
record CliRun(int exit, String out, String err, byte[] bytes) {
    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CommandLine cl = HyphaCli.commandLine(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CliRun(exit, out.toString(), err.toString(), bytes.toByteArray());
    }
}
