package io.jlvs.daemon.registry;

import java.util.Set;

/** The IPVS schedulers a service may name (net/netfilter/ipvs/ip_vs_*.c). */
public final class Schedulers {
    /** Every scheduler Linux IPVS ships, as {@code -s} takes it. */
    public static final Set<String> KNOWN =
            Set.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos");

    private Schedulers() {}

    public static boolean isKnown(String name) {
        return KNOWN.contains(name);
    }
}
