package io.jlvs.core.sched;

import static io.jlvs.core.sched.Fixture.letter;
import static io.jlvs.core.sched.Fixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.service.RealState;
import io.jlvs.core.service.ServiceTable;
import org.junit.jupiter.api.Test;

class LeastConnectionTest {
    /** Schedules {@code times} connections, each counted active on its server. */
    private static String openActive(Fixture f, Scheduler s, int times) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < times; i++) {
            int r = s.select(0, 0, 0, 0, 0, 0);
            sb.append(letter(r));
            if (r >= 0) {
                f.load.active[r]++;
            }
        }
        return sb.toString();
    }

    @Test
    void lcTakesTheSmallestOverheadAndIgnoresWeight() {
        Fixture f = Fixture.of("lc", 1, 9, 1);
        Scheduler lc = f.create();
        // Overhead = active * 256 + inactive: 256, 300, 255 → C.
        f.load.set(0, 1, 0).set(1, 0, 300).set(2, 0, 255);
        assertThat(run(lc, 1)).isEqualTo("C");
        f.load.set(2, 0, 257);
        assertThat(run(lc, 1)).isEqualTo("A");
        f.load.clear();
        assertThat(run(lc, 1)).isEqualTo("A"); // first of equals
        assertThat(openActive(f, lc, 6)).isEqualTo("ABCABC");
        assertThat(run(Fixture.of("lc", 0, 1).create(), 1)).isEqualTo("B");
        assertThat(run(Fixture.of("lc", 0, 0).create(), 1)).isEqualTo("-");
    }

    @Test
    void wlcFollowsOverheadPerWeight() {
        Fixture f = Fixture.of("wlc", 1, 2, 3);
        Scheduler wlc = f.create();
        // Worked by hand from (active × 256) / weight, first of equals winning:
        // 0,0,0 → A; 1,0,0 → B; 1,1,0 → C; 1,1,1 → C; 1,1,2 → B; 1,2,2 → C; 1,2,3 → A.
        assertThat(openActive(f, wlc, 7)).isEqualTo("ABCCBCA");
    }

    @Test
    void wlcWeighsAnActiveConnectionAs256Inactive() {
        Fixture f = Fixture.of("wlc", 1, 1);
        Scheduler wlc = f.create();
        f.load.set(0, 0, 255).set(1, 1, 0);
        assertThat(run(wlc, 1)).isEqualTo("A");
        f.load.set(0, 0, 257);
        assertThat(run(wlc, 1)).isEqualTo("B");
        f.load.set(0, 0, 256);
        assertThat(run(wlc, 1)).isEqualTo("A"); // equal: the first stays
    }

    @Test
    void wlcSkipsQuiescedDrainingAndOverloadedServers() {
        ServiceTable t = Fixture.table(
                "wlc",
                "",
                new RealState[] {RealState.QUIESCENT, RealState.UP, RealState.DRAINING, RealState.UP},
                5,
                1,
                5,
                1);
        Fixture.Load load = new Fixture.Load(4);
        Overload o = new Overload();
        o.adopt(t);
        Scheduler wlc = new Wlc(t.service(0), load, o);
        load.set(1, 3, 0).set(3, 4, 0);
        assertThat(run(wlc, 1)).isEqualTo("B");
        assertThat(run(Fixture.of("wlc", 0, 0, 0).create(), 1)).isEqualTo("-");
    }

    @Test
    void sedMinimisesExpectedDelayAndIgnoresInactive() {
        Fixture f = Fixture.of("sed", 1, 2, 3);
        Scheduler sed = f.create();
        // (active + 1) / weight: 0,0,0 → C; 0,0,1 → B; 0,1,1 → C; 0,1,2 → A; 1,1,2 → B.
        assertThat(openActive(f, sed, 5)).isEqualTo("CBCAB");
        Fixture g = Fixture.of("sed", 1, 1);
        g.load.set(0, 0, 1000).set(1, 1, 0);
        assertThat(run(g.create(), 1)).isEqualTo("A");
    }

    @Test
    void nqTakesAnIdleServerFirstThenShortestExpectedDelay() {
        Fixture f = Fixture.of("nq", 1, 1, 5);
        Scheduler nq = f.create();
        f.load.set(0, 1, 0);
        assertThat(run(nq, 1)).isEqualTo("B"); // idle, ahead of the heavier C
        f.load.set(1, 1, 0).set(2, 1, 0);
        assertThat(run(nq, 1)).isEqualTo("C"); // none idle: (1+1)/5 is least
        f.load.set(2, 9, 0);
        assertThat(run(nq, 1)).isEqualTo("A"); // 2/1 vs 2/1 vs 10/5: first of equals
        Fixture g = Fixture.of("nq", 0, 1);
        assertThat(run(g.create(), 1)).isEqualTo("B"); // idle but quiesced A is skipped
    }

    @Test
    void foSendsEverythingToTheHighestWeight() {
        Fixture f = Fixture.of("fo", 1, 5, 5, 3);
        Scheduler fo = f.create();
        f.load.set(1, 1000, 0);
        assertThat(run(fo, 3)).isEqualTo("BBB");
        RoundRobinTest.markOverloaded(f, 1);
        assertThat(run(fo, 1)).isEqualTo("C");
        ServiceTable t = Fixture.table(
                "fo",
                "",
                new RealState[] {RealState.UP, RealState.DRAINING, RealState.QUIESCENT, RealState.UP},
                1,
                5,
                5,
                3);
        Overload o = new Overload();
        o.adopt(t);
        assertThat(run(new Fo(t.service(0), f.load, o), 1)).isEqualTo("D");
        assertThat(run(Fixture.of("fo", 0, 0).create(), 1)).isEqualTo("-");
    }

    @Test
    void ovfFillsTheHighestWeightThenOverflows() {
        Fixture f = Fixture.of("ovf", 1, 2);
        Scheduler ovf = f.create();
        // B (weight 2) keeps taking while active ≤ 2, i.e. three times; then A while active ≤ 1; then none.
        assertThat(openActive(f, ovf, 6)).isEqualTo("BBBAA-");
        f.load.active[1] = 0;
        f.load.inactive[1] = 1000;
        assertThat(run(ovf, 1)).isEqualTo("B"); // inactive connections do not count
    }

    @Test
    void twosDrawsTwoByWeightAndKeepsTheLessLoaded() {
        Fixture f = Fixture.of("twos", 1, 2, 3);
        int[] draws = {0, 6, 3, 1, 5, 2};
        int[] k = {0};
        Scheduler twos = new Twos(f.service, f.load, f.overload, () -> draws[k[0]++]);
        // Total weight 6, draws in [0, 6]. Draw 0 lands on A, 6 on C; A has 1 active, C none → C.
        f.load.set(0, 1, 0);
        assertThat(run(twos, 1)).isEqualTo("C");
        // 3 → B, 1 → A: both idle, so the first draw stands.
        f.load.clear();
        assertThat(run(twos, 1)).isEqualTo("B");
        // 5 → C, 2 → B: C 1 active/3 vs B 1 active/2 → C (2 × 256 > 3 × 256 is false, so first stands).
        f.load.set(1, 1, 0).set(2, 1, 0);
        assertThat(run(twos, 1)).isEqualTo("C");
    }

    @Test
    void twosDrawsInProportionToWeightPlusTheKernelsExtraChanceForTheFirst() {
        Fixture f = Fixture.of("twos", 1, 2, 0, 3);
        Scheduler twos = new Twos(f.service, f.load, f.overload, new SplitMix64(42));
        int[] count = new int[4];
        int n = 70_000;
        for (int i = 0; i < n; i++) {
            count[twos.select(0, 0, 0, 0, 0, 0)]++;
        }
        // Idle servers: the first draw always stands; P(A) = 2/7, P(B) = 2/7, P(D) = 3/7.
        assertThat(count[2]).isZero();
        assertThat(count[0]).isBetween(19_000, 21_000);
        assertThat(count[1]).isBetween(19_000, 21_000);
        assertThat(count[3]).isBetween(29_000, 31_000);
        assertThat(run(Fixture.of("twos", 0, 0).create(), 1)).isEqualTo("-");
    }

    /** Connections each server gets of {@code total} new ones, each counted active where it lands. */
    private static int[] shares(Fixture f, Scheduler s, int total) {
        int[] got = new int[f.service.realCount()];
        for (int i = 0; i < total; i++) {
            int r = s.select(0, 0, 0, 0, 0, 0);
            got[r]++;
            f.load.active[r]++;
        }
        return got;
    }

    @Test
    void lcCapsTheShareOfAServerInSlowStart() {
        // Three servers already hold 100 connections each; the fourth comes back, at 10 % of its
        // weight for now. Plain lc would hand it the next 100 connections in a row.
        Fixture f = Fixture.ramping("lc", 100, 10, 10, 10, 10);
        f.load.set(0, 100, 0).set(1, 100, 0).set(2, 100, 0);
        Scheduler lc = f.create();
        int[] got = shares(f, lc, 100);
        // It settles at a tenth of the others' load: 110 each for them, 11 or 12 for it.
        assertThat(got[3]).isBetween(10, 13);
        assertThat(got[0] + got[1] + got[2]).isEqualTo(100 - got[3]);

        Fixture plain = Fixture.of("lc", 10, 10, 10, 10);
        plain.load.set(0, 100, 0).set(1, 100, 0).set(2, 100, 0);
        assertThat(shares(plain, plain.create(), 100)[3]).isEqualTo(100);
    }

    @Test
    void lcShareGrowsWithTheRamp() {
        int previous = -1;
        // At ipvsadm's default weight 1 too: the ramp's steps come from scaling, not the weight.
        for (int ramp : new int[] {100, 300, 500, 800, 1000}) {
            Fixture f = Fixture.ramping("lc", ramp, 1, 1, 1);
            f.load.set(0, 50, 0).set(1, 50, 0);
            int got = shares(f, f.create(), 60)[2];
            assertThat(got).as("share at ramp permille " + ramp).isGreaterThan(previous);
            previous = got;
        }
    }

    @Test
    void wlcUsesTheRampedWeight() {
        // Same shape under wlc: the ramped weight already caps the newcomer.
        Fixture f = Fixture.ramping("wlc", 100, 10, 10, 10, 10);
        f.load.set(0, 100, 0).set(1, 100, 0).set(2, 100, 0);
        assertThat(shares(f, f.create(), 100)[3]).isBetween(10, 13);
    }

    @Test
    void ovfHoldsARampingServerToItsRampedCapacity() {
        // ovf reads the weight as a number of connections: at 30 % of weight 10 the server takes
        // new ones while it holds at most 3 active (the kernel's "active > weight" test).
        Fixture f = Fixture.ramping("ovf", 300, 10);
        Scheduler ovf = f.create();
        f.load.set(0, 3, 0);
        assertThat(run(ovf, 1)).isEqualTo("A");
        f.load.set(0, 4, 0);
        assertThat(run(ovf, 1)).isEqualTo("-");
    }
}
