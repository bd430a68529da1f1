package org.didban.collector;

import java.util.concurrent.Callable;
import org.didban.collector.people.PersonToken;
import org.didban.collector.people.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code didban people token}: mints a person's bearer token and prints their people-file entry. */
@Command(name = "people", mixinStandardHelpOptions = true, description = "Manage who may use the API.",
        subcommands = {PeopleCommand.Token.class})
final class PeopleCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("didban people: say token (didban people token --help)");
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Mint a bearer token: the entry for the people file goes to stdout, the token to stderr.")
    static final class Token implements Callable<Integer> {
        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--role", required = true, description = "hq, province, county, planner or admin")
        String role;

        @Option(names = "--province", description = "The province code of a province officer.")
        String province = "";

        @Option(names = "--county", description = "The county code of county IT.")
        String county = "";

        @Override
        public Integer call() {
            Role r;
            try {
                r = Role.parse(role);
            } catch (IllegalArgumentException e) {
                System.err.println("didban people token: " + e.getMessage());
                return 2;
            }
            String area = r == Role.COUNTY ? county : r == Role.PROVINCE ? province : "";
            try {
                PersonToken.printEntry(name, r, area, System.out, System.err);
            } catch (IllegalArgumentException e) {
                System.err.println("didban people token: " + e.getMessage());
                return 2;
            }
            return 0;
        }
    }
}
