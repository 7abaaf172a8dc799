package io.jlvs.core.sched;

import io.jlvs.core.service.VirtualService;

/**
 * Weighted overflow (ip_vs_ovf): the highest-weight server keeps every new connection while its
 * active connections do not exceed its weight, then the next highest takes the overflow. As in the
 * kernel the test is "active > weight", so a server of weight w holds w + 1 active connections
 * before it overflows. Inactive connections do not count (so it suits UDP poorly, as the kernel
 * notes).
 */
public final class Ovf extends BaseScheduler {
    public Ovf(VirtualService service, RealLoad load, Overload overload) {
        super(service, load, overload);
    }

    @Override
    public String name() {
        return "ovf";
    }

    @Override
    public int select(long clientHi, long clientLo, int clientPort, long destHi, long destLo, long now) {
        int best = -1;
        int hw = 0;
        for (int i = 0; i < n; i++) {
            int w = weight[i];
            if (w == 0 || overloaded(i) || (long) active(i) * scale > w) {
                continue;
            }
            if (best < 0 || w > hw) {
                best = i;
                hw = w;
            }
        }
        return best < 0 ? NONE : index[best];
    }
}
