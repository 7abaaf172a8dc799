package io.jlvs.core.sched;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.service.DrainSpec;
import io.jlvs.core.service.ForwardingMethod;
import io.jlvs.core.service.RealServer;
import io.jlvs.core.service.RealState;
import io.jlvs.core.service.ServiceTable;
import io.jlvs.core.service.VirtualService;
import java.util.Arrays;

/**
 * A one-service table whose reals are A=10.0.0.1, B=10.0.0.2, … (NAT, port 80); in a fresh table
 * their stable indices are 0, 1, 2, … in that order, so a selected index names a letter.
 */
final class Fixture {
    final ServiceTable table;
    final VirtualService service;
    final Load load;
    final Overload overload = new Overload();

    private Fixture(ServiceTable table) {
        this.table = table;
        this.service = table.service(0);
        this.load = new Load(table.realIndexCapacity());
        overload.adopt(table);
    }

    static Fixture of(String scheduler, int... weights) {
        return new Fixture(table(scheduler, "", null, weights));
    }

    /**
     * A table whose servers are all UP at {@code weights}; the last one is in slow start, allowed
     * {@code permille} thousandths of its weight for now.
     */
    static Fixture ramping(String scheduler, int permille, int... weights) {
        VirtualService.Builder vs = VirtualService.tcp("192.0.2.1", 80).scheduler(scheduler);
        for (int i = 0; i < weights.length; i++) {
            RealServer.Builder r = real(i).weight(weights[i]);
            vs.real(i == weights.length - 1 ? r.rampPermille(permille) : r);
        }
        return new Fixture(ServiceTable.builder().service(vs).build());
    }

    static Fixture of(String scheduler, String flags, int... weights) {
        return new Fixture(table(scheduler, flags, null, weights));
    }

    static ServiceTable table(String scheduler, String flags, RealState[] states, int... weights) {
        VirtualService.Builder vs =
                VirtualService.tcp("192.0.2.1", 80).scheduler(scheduler).schedFlags(flags);
        for (int i = 0; i < weights.length; i++) {
            RealServer.Builder r = real(i).weight(weights[i]);
            RealState s = states == null ? RealState.UP : states[i];
            vs.real(s == RealState.DRAINING ? r.drain(DrainSpec.withTimeout(60_000)) : r.state(s));
        }
        return ServiceTable.builder().service(vs).build();
    }

    static RealServer.Builder real(int i) {
        return RealServer.at("10.0.0." + (i + 1), 80).method(ForwardingMethod.MASQ);
    }

    Scheduler create() {
        return Schedulers.create(service, load, overload, SchedulerOptions.defaults(1));
    }

    Scheduler create(SchedulerOptions options) {
        return Schedulers.create(service, load, overload, options);
    }

    /** Selects for a fixed client; returns the letters chosen. */
    static String run(Scheduler s, int times) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < times; i++) {
            sb.append(letter(s.select(0, InetAddr.v4Lo(0xC633_6401), 1234, 0, InetAddr.v4Lo(0xC000_0201), 0)));
        }
        return sb.toString();
    }

    static char letter(int index) {
        return index == Scheduler.NONE ? '-' : (char) ('A' + index);
    }

    static long v4(int a, int b, int c, int d) {
        return InetAddr.v4Lo((a << 24) | (b << 16) | (c << 8) | d);
    }

    /** Plain per-real counters, as the connection table will keep them. */
    static final class Load implements RealLoad {
        final int[] active;
        final int[] inactive;

        Load(int n) {
            active = new int[n];
            inactive = new int[n];
        }

        Load set(int real, int act, int inact) {
            active[real] = act;
            inactive[real] = inact;
            return this;
        }

        void clear() {
            Arrays.fill(active, 0);
            Arrays.fill(inactive, 0);
        }

        @Override
        public int activeConns(int real) {
            return active[real];
        }

        @Override
        public int inactiveConns(int real) {
            return inactive[real];
        }
    }
}
