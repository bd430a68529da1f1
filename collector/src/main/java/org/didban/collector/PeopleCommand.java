package org.didban.collector;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.didban.collector.people.PasswordHash;
import org.didban.collector.people.PeopleFileReader;
import org.didban.collector.people.PersonToken;
import org.didban.collector.people.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code didban people token}: mints a person's bearer token and prints their people-file entry.
 * {@code didban people password}: hashes a console password and prints its people-file line.
 */
@Command(name = "people", mixinStandardHelpOptions = true, description = "Manage who may use the API and the console.",
        subcommands = {PeopleCommand.Token.class, PeopleCommand.Password.class})
final class PeopleCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("didban people: say token or password (didban people token --help)");
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

    @Command(name = "password", mixinStandardHelpOptions = true,
            description = {"Hash a console password read from standard input (its first line; typed without echo on a"
                    + " terminal). The password-bcrypt line for the person's entry goes to stdout.",
                    "  printf '%s\\n' \"$PASSWORD\" | didban people password --name \"Tehran county IT\""})
    static final class Password implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "Whose password it is, as in the people file.")
        String name;

        @Option(names = "--cost", description = "BCrypt cost, " + PasswordHash.MIN_COST + " to " + PasswordHash.MAX_COST
                + "; each step doubles the time of a sign-in and of a guess (default: ${DEFAULT-VALUE}).")
        int cost = PasswordHash.DEFAULT_COST;

        @Override
        public Integer call() {
            String nameProblem = PeopleFileReader.nameProblem(name);
            if (nameProblem != null) {
                System.err.println("didban people password: " + nameProblem);
                return 2;
            }
            if (cost < PasswordHash.MIN_COST || cost > PasswordHash.MAX_COST) {
                System.err.println("didban people password: --cost must be " + PasswordHash.MIN_COST + " to "
                        + PasswordHash.MAX_COST);
                return 2;
            }
            String password;
            try {
                password = readPassword();
            } catch (IOException e) {
                System.err.println("didban people password: cannot read standard input: " + e.getMessage());
                return 2;
            }
            if (password == null || password.isEmpty()) {
                System.err.println("didban people password: no password on standard input; give it as the first line");
                return 2;
            }
            String problem = PasswordHash.passwordProblem(password);
            if (problem != null) {
                System.err.println("didban people password: " + problem);
                return 2;
            }
            String hash = PasswordHash.hash(password, cost);
            System.err.println("Add this line to the entry of " + name + " in the people file (Didban keeps only the hash):");
            System.out.println("    password-bcrypt: \"" + hash + "\"");
            System.out.flush();
            return 0;
        }

        /** The first line of standard input; on a terminal, asked for without echo. */
        private static String readPassword() throws IOException {
            Console console = System.console();
            if (console != null) {
                char[] typed = console.readPassword("Password (at least %d characters): ", PasswordHash.MIN_PASSWORD_CHARS);
                return typed == null ? null : new String(typed);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            return line != null && line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }
    }
}
