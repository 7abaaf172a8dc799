package io.jlvs.core.sched;

import io.jlvs.core.service.VirtualService;

/**
 * Never queue (ip_vs_nq): an idle server (no active connections) is taken at once, in list order;
 * otherwise the shortest expected delay, (active + 1) / weight, as {@link Sed}.
 */
public final class Nq extends BaseScheduler {
    public Nq(VirtualService service, RealLoad load, Overload overload) {
        super(service, load, overload);
    }

    @Override
    public String name() {
        return "nq";
    }

    @Override
    public int select(long clientHi, long clientLo, int clientPort, long destHi, long destLo, long now) {
        int least = -1;
        long loh = 0;
        for (int i = 0; i < n; i++) {
            if (!available(i)) {
                continue;
            }
            int a = active(i);
            if (a == 0) {
                return index[i];
            }
            long doh = a + 1L;
            if (least < 0 || loh * weight[i] > doh * weight[least]) {
                least = i;
                loh = doh;
            }
        }
        return least < 0 ? NONE : index[least];
    }
}
