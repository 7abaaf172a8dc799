package io.jlvs.api;

import java.util.Objects;

/**
 * A real server of one virtual service as the operator configures it ({@code ipvsadm -a}).
 * Within its service it is identified by address and port.
 *
 * @param weight capacity, 0..65535; 0 is quiescent (no new connections)
 * @param upperThreshold {@code -x}: no new connections while it has more; 0 = no limit
 * @param lowerThreshold {@code -y}: new connections again below this; 0 = 3/4 of the upper
 * @param slowStart jlvs's {@code --slow-start} (keepalived-style {@code slow_start}): seconds over
 *     which the server's weight ramps up when it comes back (added, re-added while draining, or
 *     from weight 0 to more); 0 = none, at once at full weight as IPVS does
 */
public record RealServerConfig(
        Address address,
        int port,
        ForwardMethod forward,
        int weight,
        int upperThreshold,
        int lowerThreshold,
        int slowStart) {

    /** Longest slow start accepted, seconds (one day). */
    public static final int MAX_SLOW_START = 86_400;

    public RealServerConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(forward, "forward");
        Ports.check(port);
    }

    /** A real server without thresholds or slow start. */
    public static RealServerConfig of(Address address, int port, ForwardMethod forward, int weight) {
        return new RealServerConfig(address, port, forward, weight, 0, 0, 0);
    }

    /** The same server at another weight. */
    public RealServerConfig withWeight(int w) {
        return new RealServerConfig(address, port, forward, w, upperThreshold, lowerThreshold, slowStart);
    }

    /** The same server with another slow start, seconds. */
    public RealServerConfig withSlowStart(int seconds) {
        return new RealServerConfig(address, port, forward, weight, upperThreshold, lowerThreshold, seconds);
    }

    /** Its endpoint, the key within the service. */
    public Endpoint endpoint() {
        return new Endpoint(address, port);
    }
}
