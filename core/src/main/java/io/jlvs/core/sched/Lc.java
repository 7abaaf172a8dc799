package io.jlvs.core.sched;

import io.jlvs.core.service.VirtualService;

/**
 * Least-connection (ip_vs_lc): the available server with the smallest overhead, active × 256 +
 * inactive, ignoring weights beyond "0 means quiesced"; the first of equals wins. A server in
 * slow start is the one exception: its overhead counts as scaled up by configured / ramped weight
 * ({@link BaseScheduler#rampedOverhead}), which caps its share of new connections during the ramp.
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
        long loh = 0;
        for (int i = 0; i < n; i++) {
            if (!available(i)) {
                continue;
            }
            long doh = rampedOverhead(i);
            if (least < 0 || doh < loh) {
                least = i;
                loh = doh;
            }
        }
        return least < 0 ? NONE : index[least];
    }
}
