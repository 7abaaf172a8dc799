package io.jlvs.daemon.config;

/** One setting that differs between two configurations, by its keyword; "" where it was absent. */
public record FieldChange(String field, String before, String after) {
    @Override
    public String toString() {
        return field + " " + show(before) + " -> " + show(after);
    }

    private static String show(String v) {
        return v.isEmpty() ? "(none)" : v;
    }
}
