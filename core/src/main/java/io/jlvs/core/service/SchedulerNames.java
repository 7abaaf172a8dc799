package io.jlvs.core.service;

import java.util.List;

/**
 * The scheduler names an operator may write ({@code ipvsadm -s}, keepalived {@code lb_algo}): every
 * scheduler the kernel ships. The service model validates against this list; {@code
 * io.jlvs.core.sched.Schedulers} builds one for each name.
 */
public final class SchedulerNames {
    /** ipvsadm's default when {@code -s} is not given. */
    public static final String DEFAULT = "wlc";

    /** In the order ipvsadm's man page lists them, then the later kernel additions. */
    public static final List<String> ALL =
            List.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos");

    private SchedulerNames() {}

    public static boolean isKnown(String name) {
        return ALL.contains(name);
    }

    /** Throws a message that lists the choices; control plane only. */
    public static String require(String name) {
        if (!isKnown(name)) {
            throw new IllegalArgumentException(
                    "unknown scheduler '" + name + "': use one of " + String.join(", ", ALL));
        }
        return name;
    }
}
