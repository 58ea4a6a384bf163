package io.hypha.node.cli;

import picocli.CommandLine;

/**
 * Turns failures into one line on stderr and a non-zero exit: exit 1 for bad input or a failed
 * operation, 2 for a usage error. Stack traces only with {@code HYPHA_DEBUG=1}.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        cl.getErr().println("Error: " + message.replace('\n', ' '));
        if ("1".equals(System.getenv("HYPHA_DEBUG"))) {
            ex.printStackTrace(cl.getErr());
        }
        return EXIT_FAILURE;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("Error: " + ex.getMessage());
        cl.getErr().println("Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
        return EXIT_USAGE;
    }
}
