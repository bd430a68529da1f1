package org.didban.rules.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToIntBiFunction;

final class Resources {
    private Resources() {
    }

    static Path path(String name) {
        try {
            return Path.of(Resources.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no test resource " + name, e);
        }
    }

    /** Output and exit code of a run. */
    record Run(int exit, String out) {
    }

    static Run run(ToIntBiFunction<List<Path>, PrintWriter> command, Path... files) {
        StringWriter text = new StringWriter();
        int exit = command.applyAsInt(List.of(files), new PrintWriter(text));
        return new Run(exit, text.toString());
    }
}
