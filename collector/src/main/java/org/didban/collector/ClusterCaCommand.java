package org.didban.collector;

import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.didban.collector.cluster.ClusterTls;
import org.didban.collector.enroll.CertificateAuthority;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code didban cluster-ca}: makes the CA a cluster's collectors recognise one another by. */
@Command(name = "cluster-ca", mixinStandardHelpOptions = true,
        description = {"Make a cluster's own CA (docs/OPERATIONS.md): copy the directory to every collector and give it"
                + " to 'serve --cluster-ca'. Each collector issues itself a certificate from it at start.",
                "Exit status: 0 made, 1 the directory holds a CA already or cannot be written."})
public final class ClusterCaCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where to make it (created if missing).")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
            err.println("didban: " + dir + " is a file, not a directory");
            err.flush();
            return 1;
        }
        try {
            CertificateAuthority ca = ClusterTls.createCa(dir);
            out.printf("cluster CA made in %s (%s, %s; SHA-256 %s)%n", dir, CertificateAuthority.KEY_FILE,
                    CertificateAuthority.CERT_FILE, CertificateAuthority.sha256(ca.certificate()));
            out.println("Copy the directory to every collector of the cluster; keep " + CertificateAuthority.KEY_FILE
                    + " secret: whoever holds it can join the cluster's event bus.");
            out.flush();
            return 0;
        } catch (FileAlreadyExistsException e) {
            err.println("didban: " + e.getMessage() + "; not replaced (the collectors given it would no longer know each other)");
            err.flush();
            return 1;
        } catch (Exception e) {
            err.println("didban: cannot make the cluster CA in " + dir + ": " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
