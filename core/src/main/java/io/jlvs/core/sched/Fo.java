package io.jlvs.core.sched;

import io.jlvs.core.service.VirtualService;

/**
 * Weighted failover (ip_vs_fo): every new connection goes to the available server with the
 * highest weight; the first of equals wins. Lowering its weight or overloading it fails over.
 */
public final class Fo extends BaseScheduler {
    public Fo(VirtualService service, RealLoad load, Overload overload) {
        super(service, load, overload);
    }

    @Override
    public String name() {
        return "fo";
    }

    @Override
    public int select(long clientHi, long clientLo, int clientPort, long destHi, long destLo, long now) {
        int best = -1;
        int hw = 0;
        for (int i = 0; i < n; i++) {
            if (weight[i] > hw && !overloaded(i)) {
                best = i;
                hw = weight[i];
            }
        }
        return best < 0 ? NONE : index[best];
    }
}
