package io.jlvs.cli;

/** Durations as operators write them: {@code 30s}, {@code 2m}, {@code 500ms}, {@code 1h}; a bare number is seconds. */
final class Durations {
    private Durations() {}

    /** Longest accepted: ipvsadm's MAX_TIMEOUT, 31 days. */
    static final long MAX_MILLIS = InvocationParser.MAX_TIMEOUT * 1000L;

    static long millis(String text, String option) throws UsageFailure {
        String t = text.trim();
        long unit = 1000;
        String digits = t;
        if (t.endsWith("ms")) {
            unit = 1;
            digits = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            digits = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            unit = 60_000;
            digits = t.substring(0, t.length() - 1);
        } else if (t.endsWith("h")) {
            unit = 3_600_000;
            digits = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(digits);
            if (n >= 0 && n <= MAX_MILLIS / unit) {
                return n * unit;
            }
        } catch (NumberFormatException e) {
            // reported below with the option's name
        }
        throw new UsageFailure("illegal " + option + " duration `" + text + "' (e.g. 30s, 2m, 500ms; at most 31 days)");
    }
}
