package io.jlvs.core.sched;

import static io.jlvs.core.sched.Fixture.v4;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.service.RealState;
import io.jlvs.core.service.ServiceTable;
import io.jlvs.core.service.VirtualService;
import org.junit.jupiter.api.Test;

class LocalityTest {
    private static final long D1 = v4(198, 51, 100, 1);
    private static final long D2 = v4(198, 51, 100, 2);
    private static final long D3 = v4(198, 51, 100, 3);
    private static final SchedulerOptions OPTS = SchedulerOptions.defaults(1).withLblcExpiration(100, 10);

    private static int to(Scheduler s, long dest, long now) {
        return s.select(0, v4(203, 0, 113, 9), 5555, 0, dest, now);
    }

    @Test
    void lblcKeepsADestinationOnItsServerUntilItIsOverloaded() {
        Fixture f = Fixture.of("lblc", 1, 1, 1);
        Lblc lblc = (Lblc) f.create(OPTS);
        assertThat(to(lblc, D1, 0)).isEqualTo(0);
        f.load.set(0, 1, 0);
        // wlc alone would now pick B; the cache keeps D1 on A while A is not busier than its weight.
        assertThat(to(lblc, D1, 1)).isEqualTo(0);
        assertThat(to(lblc, D2, 1)).isEqualTo(1);
        f.load.set(0, 2, 0);
        // A is over its weight and C is under half of its own: D1 moves to the least loaded (C).
        f.load.set(1, 1, 0);
        assertThat(to(lblc, D1, 2)).isEqualTo(2);
        assertThat(to(lblc, D1, 3)).isEqualTo(2);
        assertThat(lblc.cacheSize()).isEqualTo(2);
    }

    @Test
    void lblcMovesADestinationWhoseServerMayNotTakeConnections() {
        Fixture f = Fixture.of("lblc", 1, 1);
        Lblc lblc = (Lblc) f.create(OPTS);
        assertThat(to(lblc, D1, 0)).isEqualTo(0);
        ServiceTable quiet = ServiceTable.builder(f.table)
                .service(VirtualService.tcp("192.0.2.1", 80)
                        .scheduler("lblc")
                        .real(Fixture.real(0).state(RealState.QUIESCENT))
                        .real(Fixture.real(1)))
                .build();
        Scheduler next = Schedulers.create(quiet.service(0), f.load, f.overload, OPTS, lblc);
        assertThat(((Lblc) next).cacheSize()).isEqualTo(1); // the cache carried over
        assertThat(to(next, D1, 1)).isEqualTo(1);
        RoundRobinTest.markOverloaded(f, 1);
        assertThat(to(next, D1, 2)).isEqualTo(Scheduler.NONE);
    }

    @Test
    void lblcEntriesExpireAfterTheExpirationTime() {
        Fixture f = Fixture.of("lblc", 1, 1);
        Lblc lblc = (Lblc) f.create(OPTS);
        assertThat(to(lblc, D1, 0)).isEqualTo(0);
        f.load.set(0, 1, 0);
        assertThat(to(lblc, D1, 99)).isEqualTo(0); // used at 99: lives until 199
        assertThat(to(lblc, D1, 198)).isEqualTo(0);
        assertThat(to(lblc, D1, 298)).isEqualTo(1); // unused for 100 ticks: scheduled afresh
        assertThat(to(lblc, D2, 300)).isEqualTo(1);
        lblc.housekeeping(397);
        assertThat(lblc.cacheSize()).isEqualTo(2);
        lblc.housekeeping(398);
        assertThat(lblc.cacheSize()).isEqualTo(1); // D1, last used at 298, is gone; D2 (300) stays
        lblc.housekeeping(400);
        assertThat(lblc.cacheSize()).isZero();
    }

    @Test
    void lblcCacheIsBoundedAndACrowdedCacheDropsIdleEntriesSooner() {
        Fixture f = Fixture.of("lblc", 1, 1);
        Lblc lblc = (Lblc) f.create(OPTS.withLblcCapacity(4));
        for (int i = 0; i < 4; i++) {
            to(lblc, v4(198, 51, 100, 10 + i), i);
        }
        assertThat(lblc.cacheSize()).isEqualTo(4);
        assertThat(to(lblc, v4(198, 51, 100, 99), 5)).isIn(0, 1); // still scheduled
        assertThat(lblc.cacheMisses()).isEqualTo(1);
        // Over 3/4 full: entries idle for the entry timeout (10) go.
        lblc.housekeeping(12);
        assertThat(lblc.cacheSize()).isEqualTo(1); // only the one used at tick 3
        // Below 3/4 again: only the expiration applies.
        to(lblc, v4(198, 51, 100, 20), 12);
        lblc.housekeeping(40);
        assertThat(lblc.cacheSize()).isEqualTo(2);
    }

    @Test
    void lblcrAddsAServerWhenTheSetIsBusyAndShrinksWhenTheSetIsStale() {
        Fixture f = Fixture.of("lblcr", 1, 1, 1);
        Lblcr lblcr = (Lblcr) f.create(OPTS);
        assertThat(to(lblcr, D1, 0)).isEqualTo(0);
        assertThat(lblcr.serverSet(0, D1)).containsExactly(0);
        f.load.set(0, 2, 0);
        // A is over its weight while B is idle: B joins the set (newest first) and takes it.
        assertThat(to(lblcr, D1, 10)).isEqualTo(1);
        assertThat(lblcr.serverSet(0, D1)).containsExactly(1, 0);
        f.load.set(1, 1, 0);
        // Least loaded member per weight: B (1 active) over A (2 active).
        assertThat(to(lblcr, D1, 50)).isEqualTo(1);
        assertThat(lblcr.serverSet(0, D1)).containsExactly(1, 0);
        // No change to the set for more than the expiration: the most loaded member (A) leaves.
        assertThat(to(lblcr, D1, 111)).isEqualTo(1);
        assertThat(lblcr.serverSet(0, D1)).containsExactly(1);
    }

    @Test
    void lblcrSetSizeIsBoundedAndEntriesExpire() {
        Fixture f = Fixture.of("lblcr", 1, 1, 1);
        Lblcr lblcr = (Lblcr) f.create(OPTS.withLblcrMaxSetSize(2));
        to(lblcr, D1, 0);
        f.load.set(0, 2, 0);
        assertThat(to(lblcr, D1, 1)).isEqualTo(1);
        f.load.set(1, 2, 0);
        // Both members busy and C idle: C is used but the set is full, so it is not remembered.
        assertThat(to(lblcr, D1, 2)).isEqualTo(2);
        assertThat(lblcr.serverSet(0, D1)).containsExactly(1, 0);
        assertThat(lblcr.cacheMisses()).isEqualTo(1);
        assertThat(to(lblcr, D3, 2)).isEqualTo(2);
        assertThat(lblcr.cacheSize()).isEqualTo(2);
        f.load.clear();
        assertThat(to(lblcr, D3, 102)).isEqualTo(0); // unused for 100 ticks: a new entry from scratch
        assertThat(lblcr.serverSet(0, D3)).containsExactly(0);
        lblcr.housekeeping(103);
        assertThat(lblcr.cacheSize()).isEqualTo(1);
    }

    @Test
    void lblcrDropsMembersThatLeftTheServiceWhenCarriedOver() {
        Fixture f = Fixture.of("lblcr", 1, 1);
        Lblcr lblcr = (Lblcr) f.create(OPTS);
        to(lblcr, D1, 0);
        f.load.set(0, 2, 0);
        to(lblcr, D1, 1);
        assertThat(lblcr.serverSet(0, D1)).containsExactly(1, 0);
        ServiceTable withoutA = ServiceTable.builder(f.table)
                .service(VirtualService.tcp("192.0.2.1", 80).scheduler("lblcr").real(Fixture.real(1)))
                .build();
        Lblcr next = (Lblcr) Schedulers.create(withoutA.service(0), f.load, f.overload, OPTS, lblcr);
        assertThat(next.serverSet(0, D1)).containsExactly(1);
        assertThat(to(next, D1, 2)).isEqualTo(1);
    }
}
