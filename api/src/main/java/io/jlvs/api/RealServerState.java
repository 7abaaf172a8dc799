package io.jlvs.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a real server takes new connections (DESIGN.md §5). */
public enum RealServerState {
    /** Takes new connections by weight. */
    @JsonProperty("up")
    UP,
    /** Weight 0: no new connections, existing flows continue. */
    @JsonProperty("quiescent")
    QUIESCENT,
    /** Being drained: no new connections, existing flows closed gracefully to a deadline. */
    @JsonProperty("draining")
    DRAINING
}
