package io.jlvs.daemon.config;

import io.jlvs.daemon.config.ConfigMessage.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects errors and warnings while a configuration is read. They are handed out in reading order,
 * whichever stage found them: an included file's findings come where its include line stands.
 */
final class Diagnostics {
    private final List<ConfigMessage> errors = new ArrayList<>();
    private final List<ConfigMessage> warnings = new ArrayList<>();
    private final Map<String, Integer> readOrder = new HashMap<>();

    void error(SourcePosition at, String keyword, String message) {
        errors.add(new ConfigMessage(Severity.ERROR, at, keyword, message));
    }

    void warning(SourcePosition at, String keyword, String message) {
        warnings.add(new ConfigMessage(Severity.WARNING, at, keyword, message));
    }

    /** Notes that a line was read (line 0: the file was opened), for ordering. */
    void read(String file, int line) {
        readOrder.putIfAbsent(file + '\0' + line, readOrder.size());
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

    private int order(SourcePosition p) {
        return readOrder.getOrDefault(p.file() + '\0' + p.line(), Integer.MAX_VALUE);
    }

    private List<ConfigMessage> sorted(List<ConfigMessage> list) {
        List<ConfigMessage> copy = new ArrayList<>(list);
        copy.sort(Comparator.comparingInt((ConfigMessage m) -> order(m.position()))
                .thenComparingInt(m -> m.position().column()));
        return List.copyOf(copy);
    }
}
