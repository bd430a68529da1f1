package org.didban.collector.demo;

import java.time.Duration;
import org.didban.rules.Durations;
import picocli.CommandLine.ITypeConverter;

/** Durations on the command line, written as in rule files: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        return Duration.ofMillis(Durations.parseMillis(text));
    }
}
