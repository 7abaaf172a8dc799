package io.jlvs.core.service;

/**
 * A real server's lifecycle (DESIGN.md §5): "may get new connections" is kept apart from "existing
 * flows still reach it".
 */
public enum RealState {
    /** Takes new connections by weight. */
    UP,
    /** Weight 0 in IPVS terms: no new connections; existing flows and persistence templates continue. */
    QUIESCENT,
    /** On its way out with a deadline: no new connections, existing flows forwarded, templates expired. */
    DRAINING,
    /** Deleted: kept in the snapshot only so connections that still point at its index resolve. */
    REMOVED;

    /** Only UP may be chosen for a new connection. */
    public boolean acceptsNew() {
        return this == UP;
    }

    /** Existing flows are still forwarded in every state but REMOVED. */
    public boolean forwardsExisting() {
        return this != REMOVED;
    }

    /**
     * Whether a persistence template pointing here may still send new connections here. IPVS keeps
     * using a template whose server has weight 0 unless {@code expire_quiescent_template} is set
     * (ip_vs_check_template); a draining or removed server never gets new connections.
     */
    public boolean honoursTemplates(boolean expireQuiescentTemplate) {
        return this == UP || (this == QUIESCENT && !expireQuiescentTemplate);
    }
}
