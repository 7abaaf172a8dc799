package io.jlvs.core.sched;

import io.jlvs.core.service.VirtualService;

/**
 * Least-connection (ip_vs_lc): the available server with the smallest overhead, active × 256 +
 * inactive, ignoring weights beyond "0 means quiesced"; the first of equals wins.
 */
public final class Lc extends BaseScheduler {
    public Lc(VirtualService service, RealLoad load, Overload overload) {
        super(service, load, overload);
    }

    @Override
    public String name() {
        return "lc";
    }

    @Override
    public int select(long clientHi, long clientLo, int clientPort, long destHi, long destLo, long now) {
        int least = -1;
        int loh = 0;
        for (int i = 0; i < n; i++) {
            if (!available(i)) {
                continue;
            }
            int doh = overhead(i);
            if (least < 0 || doh < loh) {
                least = i;
                loh = doh;
            }
        }
        return least < 0 ? NONE : index[least];
    }
}
