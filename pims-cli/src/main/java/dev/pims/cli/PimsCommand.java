package dev.pims.cli;

import dev.pims.cli.demo.DemoCommand;
import dev.pims.cli.device.DeviceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pims} command. Add a subcommand by listing its class in {@code subcommands}. */
@Command(name = "pims", mixinStandardHelpOptions = true, version = "pims 0.1.0",
        description = "PIMS strong authentication: server and tools.",
        subcommands = {ServerCommand.class, DemoCommand.class, DeviceCommand.class, BenchCommand.class, KeysCommand.class,
                CommandLine.HelpCommand.class})
public final class PimsCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** {@code pims} alone: the usage, on stderr, and exit code 2 (a command is missing). */
    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return 2;
    }

    /** Drains the asynchronous log queue (logback.xml) and stops logging: the last lines are written. */
    static void stopLogging() {
        if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.stop();
        }
    }

    /**
     * The command line as {@code main} runs it. A mistake on the command line (unknown option, bad value, missing
     * parameter) gets one line naming it and where the help is, exit code 2; a command that fails unexpectedly gets
     * one line, exit code 1 (the stack trace only with {@code PIMS_DEBUG=1}).
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new PimsCommand());
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            String name = cmd.getCommandSpec().qualifiedName();
            cmd.getErr().println(name + ": " + e.getMessage() + " (see ./" + name + " --help)");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String name = cmd.getCommandSpec().qualifiedName();
            cmd.getErr().println(name + ": unexpected failure: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""))
                    + " (set PIMS_DEBUG=1 for the details)");
            if ("1".equals(System.getenv("PIMS_DEBUG"))) {
                e.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        int exit = commandLine().execute(args);
        stopLogging();
        System.exit(exit);
    }
}
