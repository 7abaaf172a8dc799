package io.jlvs.core.sched;

import io.jlvs.core.service.VirtualService;

/**
 * Weighted least-connection (ip_vs_wlc, ipvsadm's default): the server with the least overhead
 * per weight, overhead = active × 256 + inactive. Ratios are compared as {@code loh × w_d > doh ×
 * w_least} in 64 bits, so no division and no float; the first of equals wins.
 */
public final class Wlc extends BaseScheduler {
    public Wlc(VirtualService service, RealLoad load, Overload overload) {
        super(service, load, overload);
    }

    @Override
    public String name() {
        return "wlc";
    }

    @Override
    public int select(long clientHi, long clientLo, int clientPort, long destHi, long destLo, long now) {
        int least = leastWeightedOverhead();
        return least < 0 ? NONE : index[least];
    }
}
