package io.hypha.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand answers {@code --help} and {@code -h} with its usage, even without its arguments. */
class HelpTest {
    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
        out.add(prefix);
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getValue().getCommandSpec().name().equals(e.getKey())) { // skip aliases
                List<String> path = new ArrayList<>(prefix);
                path.add(e.getKey());
                collect(e.getValue(), path, out);
            }
        }
    }

    @Test
    void everyCommandHasHelp() {
        List<List<String>> commands = new ArrayList<>();
        collect(HyphaCli.commandLine(), List.of(), commands);
        assertTrue(commands.size() > 20, "commands found: " + commands.size());
        for (List<String> command : commands) {
            for (String flag : new String[] {"--help", "-h"}) {
                List<String> args = new ArrayList<>(command);
                args.add(flag);
                CliRun r = CliRun.run(args.toArray(String[]::new));
                assertEquals(0, r.exit(), args + ": " + r.err());
                assertTrue(r.out().contains("Usage: hypha " + String.join(" ", command)), args + ": " + r.out());
            }
        }
    }
}
