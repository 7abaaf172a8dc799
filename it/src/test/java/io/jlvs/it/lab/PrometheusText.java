package io.jlvs.it.lab;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4), enough to prove a scrape is
 * well formed: every sample belongs to a family declared by {@code # TYPE} before it, names and
 * label names are valid, label values are properly quoted, values are numbers, counters end in
 * {@code _total}. Any deviation is an {@link AssertionError} naming the line.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*)\\})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");

    /** One sample: family, labels, value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final Map<String, String> types = new HashMap<>();
    private final List<Sample> samples = new ArrayList<>();

    public static PrometheusText parse(String text) {
        PrometheusText t = new PrometheusText();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] f = line.split(" ");
                if (f.length != 4
                        || !NAME.matcher(f[2]).matches()
                        || !List.of("counter", "gauge", "histogram", "summary", "untyped")
                                .contains(f[3])) {
                    throw new AssertionError("line " + (i + 1) + ": bad TYPE: " + line);
                }
                t.types.put(f[2], f[3]);
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("line " + (i + 1) + ": not a sample: " + line);
            }
            String name = m.group(1);
            String family = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
            String type = t.types.getOrDefault(name, t.types.get(family));
            if (type == null) {
                throw new AssertionError("line " + (i + 1) + ": sample before its # TYPE: " + line);
            }
            if (type.equals("counter") && !name.endsWith("_total")) {
                throw new AssertionError("line " + (i + 1) + ": counter sample without _total: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            double value;
            try {
                value = Double.parseDouble(
                        m.group(4).replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
            } catch (NumberFormatException e) {
                throw new AssertionError("line " + (i + 1) + ": bad value: " + line);
            }
            t.samples.add(new Sample(name, labels, value));
        }
        return t;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The value of the one sample of {@code name} whose labels include {@code match}. */
    public double value(String name, Map<String, String> match) {
        List<Sample> found = samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(match.entrySet()))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples of " + name + " match " + match);
        }
        return found.getFirst().value();
    }
}
