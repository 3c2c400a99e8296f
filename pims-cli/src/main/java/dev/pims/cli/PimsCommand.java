package dev.pims.cli;

import dev.pims.cli.demo.DemoCommand;
import dev.pims.cli.device.DeviceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pims} command. Add a subcommand by listing its class in {@code subcommands}. */
@Command(name = "pims", mixinStandardHelpOptions = true, version = "pims 0.1.0",
        description = "PIMS strong authentication: server and tools.",
        subcommands = {ServerCommand.class, DemoCommand.class, DeviceCommand.class, BenchCommand.class,
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

    public static void main(String[] args) {
        int exit = new CommandLine(new PimsCommand()).execute(args);
        stopLogging();
        System.exit(exit);
    }
}
