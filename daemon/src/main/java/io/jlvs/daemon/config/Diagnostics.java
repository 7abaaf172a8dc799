package io.jlvs.daemon.config;

import io.jlvs.daemon.config.ConfigMessage.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects errors and warnings while a configuration is read. They are handed out in reading order
 * (files in the order they were opened, then line and column), whichever stage found them.
 */
final class Diagnostics {
    private final List<ConfigMessage> errors = new ArrayList<>();
    private final List<ConfigMessage> warnings = new ArrayList<>();
    private final Map<String, Integer> fileOrder = new HashMap<>();

    void error(SourcePosition at, String keyword, String message) {
        errors.add(new ConfigMessage(Severity.ERROR, at, keyword, message));
    }

    void warning(SourcePosition at, String keyword, String message) {
        warnings.add(new ConfigMessage(Severity.WARNING, at, keyword, message));
    }

    /** Notes that a file was opened, for ordering. */
    void opened(String file) {
        fileOrder.putIfAbsent(file, fileOrder.size());
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<ConfigMessage> errors() {
        return sorted(errors);
    }

    List<ConfigMessage> warnings() {
        return sorted(warnings);
    }

    private List<ConfigMessage> sorted(List<ConfigMessage> list) {
        List<ConfigMessage> copy = new ArrayList<>(list);
        copy.sort(Comparator.comparingInt(
                        (ConfigMessage m) -> fileOrder.getOrDefault(m.position().file(), Integer.MAX_VALUE))
                .thenComparingInt(m -> m.position().line())
                .thenComparingInt(m -> m.position().column()));
        return List.copyOf(copy);
    }
}
