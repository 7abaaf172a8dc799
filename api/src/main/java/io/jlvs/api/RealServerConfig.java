package io.jlvs.api;

import java.util.Objects;

/**
 * A real server of one virtual service as the operator configures it ({@code ipvsadm -a}).
 * Within its service it is identified by address and port.
 *
 * @param weight capacity, 0..65535; 0 is quiescent (no new connections)
 * @param upperThreshold {@code -x}: no new connections while it has more; 0 = no limit
 * @param lowerThreshold {@code -y}: new connections again below this; 0 = 3/4 of the upper
 */
public record RealServerConfig(
        Address address, int port, ForwardMethod forward, int weight, int upperThreshold, int lowerThreshold) {

    public RealServerConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(forward, "forward");
        Ports.check(port);
    }

    /** A real server without thresholds. */
    public static RealServerConfig of(Address address, int port, ForwardMethod forward, int weight) {
        return new RealServerConfig(address, port, forward, weight, 0, 0);
    }

    /** The same server at another weight. */
    public RealServerConfig withWeight(int w) {
        return new RealServerConfig(address, port, forward, w, upperThreshold, lowerThreshold);
    }

    /** Its endpoint, the key within the service. */
    public Endpoint endpoint() {
        return new Endpoint(address, port);
    }
}
