package io.jlvs.core.service;

import io.jlvs.core.net.InetAddr;

/**
 * A real server (IPVS "destination") of one virtual service, as one immutable snapshot sees it.
 *
 * <p>{@link #index()} is stable: it is unique across the whole {@link ServiceTable} and survives
 * republishing as long as the server keeps its identity (service, address, port), so connections
 * and persistence templates refer to a real server by this int. Per-worker load counters are
 * arrays indexed by it.
 *
 * <p>{@link #weight()} is the configured weight; {@link #effectiveWeight()} is what IPVS would hold
 * in {@code dest->weight} and what schedulers use: the weight while UP, 0 otherwise (quiescent and
 * draining servers take no new connections, DESIGN.md §5). During a slow start (a server that
 * came back ramps up, so it is not flooded while cold) the control plane republishes the table as
 * the ramp goes on, each time with the {@link #rampPermille() share} of its weight allowed then;
 * schedulers apply it (see io.jlvs.core.sched.BaseScheduler), while listings keep showing the
 * configured weight, as ipvsadm shows {@code dest->weight}.
 */
public final class RealServer {
    public static final int MAX_WEIGHT = 65535;
    public static final int MAX_THRESHOLD = 65535;
    /** {@link #rampPermille()} of a server not in slow start. */
    public static final int FULL_SHARE = 1000;

    private final int index;
    private final int serviceId;
    private final long addrHi;
    private final long addrLo;
    private final int port;
    private final int weight;
    private final int rampPermille;
    private final int lastWeight;
    private final ForwardingMethod method;
    private final int upperThreshold;
    private final int lowerThreshold;
    private final RealState state;
    private final DrainSpec drain;

    RealServer(int index, int serviceId, Builder b, int port, int lastWeight) {
        this.index = index;
        this.serviceId = serviceId;
        this.addrHi = b.addrHi;
        this.addrLo = b.addrLo;
        this.port = port;
        this.weight = b.weight;
        this.rampPermille = b.rampPermille;
        this.lastWeight = lastWeight;
        this.method = b.method;
        this.upperThreshold = b.upperThreshold;
        this.lowerThreshold = b.lowerThreshold;
        this.state = b.state;
        this.drain = b.state == RealState.DRAINING ? b.drain : null;
    }

    /** Starts a real server at an address (InetAddr hi/lo form) and port; port 0 means "the service port". */
    public static Builder at(long addrHi, long addrLo, int port) {
        return new Builder(addrHi, addrLo, port);
    }

    /** As {@link #at(long, long, int)} with a textual address; control plane only. */
    public static Builder at(String address, int port) {
        long[] a = InetAddr.parse(address);
        return new Builder(a[0], a[1], port);
    }

    public int index() {
        return index;
    }

    /** The {@link VirtualService#id()} this server belongs to. */
    public int serviceId() {
        return serviceId;
    }

    public long addrHi() {
        return addrHi;
    }

    public long addrLo() {
        return addrLo;
    }

    public boolean isIpv6() {
        return !InetAddr.isV4(addrHi, addrLo);
    }

    public int port() {
        return port;
    }

    /** The configured weight, 0..65535 ({@code ipvsadm -w}). */
    public int weight() {
        return weight;
    }

    /**
     * The last non-zero weight, as IPVS keeps in {@code dest->last_weight}: the Maglev table is built
     * from it so that setting a weight to 0 does not reshuffle every other client (ip_vs_mh).
     */
    public int lastWeight() {
        return lastWeight;
    }

    /**
     * The share of its weight a slow start allows now, in thousandths: 1..{@value #FULL_SHARE}, and
     * {@value #FULL_SHARE} when no ramp is under way.
     */
    public int rampPermille() {
        return rampPermille;
    }

    /** True while a slow start holds the server below its configured weight. */
    public boolean ramping() {
        return rampPermille < FULL_SHARE && state == RealState.UP && weight > 0;
    }

    /** The weight IPVS would hold in {@code dest->weight}: the configured weight while UP, otherwise 0. */
    public int effectiveWeight() {
        return state == RealState.UP ? weight : 0;
    }

    /** True when a scheduler may pick this server: UP with a weight above 0 (overload aside). */
    public boolean acceptsNew() {
        return state == RealState.UP && weight > 0;
    }

    public ForwardingMethod method() {
        return method;
    }

    /** {@code ipvsadm -x}: 0 = none; at this many connections the server stops taking new ones. */
    public int upperThreshold() {
        return upperThreshold;
    }

    /** {@code ipvsadm -y}: 0 = 3/4 of the upper threshold; below it an overloaded server takes new ones again. */
    public int lowerThreshold() {
        return lowerThreshold;
    }

    public RealState state() {
        return state;
    }

    /** The drain under way while {@link RealState#DRAINING}, else null. */
    public DrainSpec drain() {
        return drain;
    }

    @Override
    public String toString() {
        String host = isIpv6() ? "[" + InetAddr.format(addrHi, addrLo) + "]" : InetAddr.format(addrHi, addrLo);
        return "#" + index + " " + host + ":" + port + " " + method.ipvsadmName() + " w=" + weight + " " + state;
    }

    /** Collects a real server's settings; {@link ServiceTable.Builder#build()} assigns its index. */
    public static final class Builder {
        final long addrHi;
        final long addrLo;
        final int port;
        int weight = 1;
        int rampPermille = FULL_SHARE;
        ForwardingMethod method = ForwardingMethod.ROUTE;
        int upperThreshold;
        int lowerThreshold;
        RealState state = RealState.UP;
        DrainSpec drain;

        private Builder(long addrHi, long addrLo, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("real server port " + port + " is out of range 0..65535 ("
                        + InetAddr.format(addrHi, addrLo) + ")");
            }
            this.addrHi = addrHi;
            this.addrLo = addrLo;
            this.port = port;
        }

        /** {@code ipvsadm -w}, 0..65535, default 1; 0 makes the server quiescent. */
        public Builder weight(int weight) {
            if (weight < 0 || weight > MAX_WEIGHT) {
                throw new IllegalArgumentException(
                        "weight " + weight + " of real server " + describe() + " is out of range 0.." + MAX_WEIGHT);
            }
            this.weight = weight;
            return this;
        }

        /**
         * The share of its weight a slow start allows now, in thousandths, 1..{@value #FULL_SHARE};
         * default {@value #FULL_SHARE}, no ramp.
         */
        public Builder rampPermille(int permille) {
            if (permille < 1 || permille > FULL_SHARE) {
                throw new IllegalArgumentException("slow-start share " + permille + "/1000 of real server " + describe()
                        + " is out of range 1.." + FULL_SHARE);
            }
            this.rampPermille = permille;
            return this;
        }

        /** Default {@link ForwardingMethod#ROUTE}, as ipvsadm's. */
        public Builder method(ForwardingMethod method) {
            this.method = java.util.Objects.requireNonNull(method, "method");
            return this;
        }

        /** {@code ipvsadm -x/--u-threshold}, 0..65535, 0 = unlimited. */
        public Builder upperThreshold(int connections) {
            this.upperThreshold = threshold("upper", connections);
            return this;
        }

        /** {@code ipvsadm -y/--l-threshold}, 0..65535, 0 = 3/4 of the upper threshold. */
        public Builder lowerThreshold(int connections) {
            this.lowerThreshold = threshold("lower", connections);
            return this;
        }

        /** {@link RealState#UP}, {@code QUIESCENT} or {@code REMOVED}; a drain comes with its spec: {@link #drain}. */
        public Builder state(RealState state) {
            if (java.util.Objects.requireNonNull(state, "state") == RealState.DRAINING) {
                throw new IllegalArgumentException(
                        "real server " + describe() + ": a drain needs its DrainSpec, set with drain(spec)");
            }
            this.state = state;
            return this;
        }

        /** Draining under {@code spec}: no new connections, its flows closed as the spec says. */
        public Builder drain(DrainSpec spec) {
            this.drain = java.util.Objects.requireNonNull(spec, "spec");
            this.state = RealState.DRAINING;
            return this;
        }

        private int threshold(String which, int value) {
            if (value < 0 || value > MAX_THRESHOLD) {
                throw new IllegalArgumentException(which + " threshold " + value + " of real server " + describe()
                        + " is out of range 0.." + MAX_THRESHOLD);
            }
            return value;
        }

        String describe() {
            String host = InetAddr.isV4(addrHi, addrLo)
                    ? InetAddr.format(addrHi, addrLo)
                    : "[" + InetAddr.format(addrHi, addrLo) + "]";
            return host + ":" + port;
        }
    }
}
