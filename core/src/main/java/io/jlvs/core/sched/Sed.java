package io.jlvs.core.sched;

import io.jlvs.core.service.VirtualService;

/**
 * Shortest expected delay (ip_vs_sed; Weinrib and Shenker, INFOCOM '88): the server minimising
 * (active + 1) / weight, the delay the new job itself would see. Inactive connections do not count.
 */
public final class Sed extends BaseScheduler {
    public Sed(VirtualService service, RealLoad load, Overload overload) {
        super(service, load, overload);
    }

    @Override
    public String name() {
        return "sed";
    }

    @Override
    public int select(long clientHi, long clientLo, int clientPort, long destHi, long destLo, long now) {
        int least = -1;
        long loh = 0;
        for (int i = 0; i < n; i++) {
            if (overloaded(i)) {
                continue;
            }
            if (least < 0) {
                if (weight[i] > 0) {
                    least = i;
                    loh = active(i) + 1L;
                }
                continue;
            }
            long doh = active(i) + 1L;
            if (loh * weight[i] > doh * weight[least]) {
                least = i;
                loh = doh;
            }
        }
        return least < 0 ? NONE : index[least];
    }
}
