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
        Throwable reason = ex;
        // a future's wrapper says nothing the cause does not
        while ((reason instanceof java.util.concurrent.ExecutionException
                || reason instanceof java.util.concurrent.CompletionException) && reason.getCause() != null) {
            reason = reason.getCause();
        }
        String message = reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
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
