package io.jlvs.core.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scheduler flags, {@code ipvsadm -b/--sched-flags}. IPVS has three generic bits (SCHED1..3) that a
 * scheduler gives meaning to: for {@code sh} and {@code mh}, bit 1 is "fallback" (when the hashed
 * server cannot take the connection, walk on to the next one) and bit 2 is "port" (hash the client
 * port as well as the address).
 */
public final class SchedFlags {
    public static final int FLAG_1 = 1;
    public static final int FLAG_2 = 2;
    public static final int FLAG_3 = 4;
    public static final int SH_FALLBACK = FLAG_1;
    public static final int SH_PORT = FLAG_2;
    public static final int MH_FALLBACK = FLAG_1;
    public static final int MH_PORT = FLAG_2;

    private SchedFlags() {}

    /**
     * Parses ipvsadm's comma-separated list ({@code "sh-fallback,sh-port"}) for the given scheduler.
     * Like ipvsadm, the {@code sh-*} names belong to {@code sh} and the {@code mh-*} names to {@code mh};
     * naming one for another scheduler is an error rather than a silently ignored bit.
     */
    public static int parse(String scheduler, String text) {
        int flags = 0;
        if (text == null || text.isBlank()) {
            return 0;
        }
        for (String raw : text.split(",")) {
            String name = raw.strip().toLowerCase(Locale.ROOT);
            flags |= switch (name) {
                case "flag-1" -> FLAG_1;
                case "flag-2" -> FLAG_2;
                case "flag-3" -> FLAG_3;
                case "sh-fallback" -> requireScheduler(scheduler, "sh", name, SH_FALLBACK);
                case "sh-port" -> requireScheduler(scheduler, "sh", name, SH_PORT);
                case "mh-fallback" -> requireScheduler(scheduler, "mh", name, MH_FALLBACK);
                case "mh-port" -> requireScheduler(scheduler, "mh", name, MH_PORT);
                default ->
                    throw new IllegalArgumentException("unknown scheduler flag '" + raw.strip()
                            + "': use flag-1, flag-2, flag-3, sh-fallback, sh-port, mh-fallback or mh-port");
            };
        }
        return flags;
    }

    private static int requireScheduler(String scheduler, String wanted, String flag, int bit) {
        if (!wanted.equals(scheduler)) {
            throw new IllegalArgumentException(
                    "scheduler flag '" + flag + "' applies to the " + wanted + " scheduler, not " + scheduler);
        }
        return bit;
    }

    /** The flags as ipvsadm prints them for this scheduler. */
    public static String format(String scheduler, int flags) {
        List<String> names = new ArrayList<>(3);
        boolean hashing = "sh".equals(scheduler) || "mh".equals(scheduler);
        if ((flags & FLAG_1) != 0) {
            names.add(hashing ? scheduler + "-fallback" : "flag-1");
        }
        if ((flags & FLAG_2) != 0) {
            names.add(hashing ? scheduler + "-port" : "flag-2");
        }
        if ((flags & FLAG_3) != 0) {
            names.add("flag-3");
        }
        return String.join(",", names);
    }
}
