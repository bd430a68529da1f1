package org.didban.collector;

import org.didban.collector.demo.DemoCommand;
import org.didban.collector.load.LoadCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code didban} command line. Each capability is a subcommand ({@code serve}, …), so that
 * more ({@code demo}, {@code rules test}) are added with {@link #commandLine()}'s
 * {@code addSubcommand} or to the {@code subcommands} list below.
 */
@Command(name = "didban", mixinStandardHelpOptions = true, version = "didban 0.1.0",
        description = "Didban (دیدبان): watches the infrastructure of polling branches.",
        subcommands = {ServeCommand.class, DemoCommand.class, LoadCommand.class, RulesCommand.class, AuditCommand.class,
                PeopleCommand.class, InventoryCommand.class, org.didban.collector.enroll.AgentsCommand.class, ClusterCaCommand.class,
                CommandLine.HelpCommand.class})
public final class CollectorMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new CollectorMain());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand, e.g. 'didban serve --help'");
    }
}
