package org.didban.collector.enroll;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.didban.collector.inventory.Agent;
import org.didban.collector.inventory.InventoryCsvReader;
import org.didban.collector.inventory.InventoryFiles;
import org.didban.rules.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code didban agents}: enrollment codes and revocation of agent certificates (docs/SECURITY.md). */
@Command(name = "agents", mixinStandardHelpOptions = true,
        description = "Agent identities: one-time enrollment codes, revocation.",
        subcommands = {AgentsCommand.EnrollCode.class, AgentsCommand.Revoke.class})
public final class AgentsCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("name a subcommand: enroll-code or revoke");
    }

    @Command(name = "enroll-code", mixinStandardHelpOptions = true,
            description = "Mint a one-time enrollment code for an agent; printed once, only its hash is kept.")
    static final class EnrollCode implements Callable<Integer> {
        @Option(names = "--agent", required = true, description = "The agent id (as in agents.csv).")
        String agent;
        @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "The collector's --data-dir.")
        Path dataDir;
        @Option(names = "--branches", required = true, paramLabel = "FILE") Path branches;
        @Option(names = "--devices", required = true, paramLabel = "FILE") Path devices;
        @Option(names = "--agents", required = true, paramLabel = "FILE") Path agents;
        @Option(names = "--valid", defaultValue = "24h", description = "How long the code is good for (default ${DEFAULT-VALUE}).")
        String valid;

        @Override
        public Integer call() throws Exception {
            Agent a = new InventoryCsvReader().read(new InventoryFiles(branches, devices, agents)).agents().agent(agent);
            if (a == null) {
                System.err.println("didban: agent '" + agent + "' is not in " + agents);
                return 1;
            }
            CertificateAuthority ca = CertificateAuthority.openOrCreate(dataDir);
            String code = new EnrollmentCodes(dataDir).mint(agent, a.branchCode(),
                    Duration.ofMillis(Durations.parseMillis(valid)), System.currentTimeMillis());
            System.out.println("agent:      " + agent + " (branch " + a.branchCode() + ")");
            System.out.println("code:       " + code);
            System.out.println("valid for:  " + valid + ", once");
            System.out.println("ca-sha256:  " + CertificateAuthority.sha256(ca.certificate()));
            System.out.println("on the agent: didban-agent enroll --collector https://HOST:PORT --agent " + agent
                    + " --code " + code + " --ca-sha256 " + CertificateAuthority.sha256(ca.certificate())
                    + " --state-dir DIR");
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke an agent's certificates (all of an agent, or one serial); the collector refuses them within seconds.")
    static final class Revoke implements Callable<Integer> {
        @Option(names = "--data-dir", required = true, paramLabel = "DIR") Path dataDir;
        @Option(names = "--agent", description = "Revoke every certificate issued to this agent.") String agent;
        @Option(names = "--serial", description = "Revoke the certificate with this serial (hexadecimal).") String serial;

        @Override
        public Integer call() throws Exception {
            if ((agent == null) == (serial == null)) {
                System.err.println("didban: give --agent or --serial");
                return 2;
            }
            Revocations r = new Revocations(dataDir);
            long now = System.currentTimeMillis();
            List<String> done = agent != null ? r.revokeAgent(agent, now)
                    : (r.revokeSerial(serial, null, now) ? List.of(serial) : List.of());
            System.out.println(done.isEmpty() ? "nothing new to revoke" : "revoked: " + String.join(", ", done));
            return 0;
        }
    }
}
