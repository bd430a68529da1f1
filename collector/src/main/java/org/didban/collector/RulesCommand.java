package org.didban.collector;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.didban.rules.testing.RuleChecker;
import org.didban.rules.testing.RuleTestRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code didban rules}: the rule tools, like Prometheus' {@code promtool test rules} and
 * {@code promtool check rules}. A thin wrapper: the work is done in {@code org.didban.rules.testing}.
 */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Test and check rule files (see docs/RULES.md, \"Testing rules\").",
        subcommands = {RulesCommand.Test.class, RulesCommand.Check.class})
public final class RulesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: 'rules test' or 'rules check'");
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Run rule test files: each test feeds samples and events to the rules on a virtual clock "
                    + "and compares the alerts with what it expects.",
                    "Exit status: 0 all passed, 1 a test failed, 2 a file could not be read."})
    static final class Test implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Rule test files (YAML).")
        List<Path> files;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return new RuleTestRunner().runFiles(files, out);
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check rule files: YAML, fields, timings, CEL conditions, and metric and event names "
                    + "against those agents report. 'catalogue' checks the shipped catalogue.",
                    "Exit status: 0 all good, 1 a file has problems, 2 a file could not be read."})
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Rule files (YAML).")
        List<Path> files;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return new RuleChecker().check(files, out);
        }
    }
}
