package io.jlvs.core.sched;

import static io.jlvs.core.sched.Fixture.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.service.RealState;
import io.jlvs.core.service.ServiceTable;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RoundRobinTest {
    @Test
    void rrCyclesAndSkipsServersThatMayNotTakeConnections() {
        assertThat(run(Fixture.of("rr", 1, 1, 1).create(), 7)).isEqualTo("ABCABCA");
        // Weights beyond "more than zero" do not matter to rr; weight 0 is quiesced.
        assertThat(run(Fixture.of("rr", 5, 0, 1).create(), 5)).isEqualTo("ACACA");
        assertThat(run(Fixture.of("rr", 0, 0).create(), 2)).isEqualTo("--");
        ServiceTable t = Fixture.table(
                "rr",
                "",
                new RealState[] {RealState.UP, RealState.QUIESCENT, RealState.DRAINING, RealState.UP},
                1,
                1,
                1,
                1);
        Fixture.Load load = new Fixture.Load(t.realIndexCapacity());
        Overload overload = new Overload();
        overload.adopt(t);
        assertThat(run(new Rr(t.service(0), load, overload), 4)).isEqualTo("ADAD");
    }

    @Test
    void rrPassesOverOverloadedServersAndKeepsItsCursorWhenNothingIsAvailable() {
        Fixture f = Fixture.of("rr", 1, 1, 1);
        Scheduler rr = f.create();
        assertThat(run(rr, 1)).isEqualTo("A");
        markOverloaded(f, 1);
        assertThat(run(rr, 3)).isEqualTo("CAC");
        markOverloaded(f, 0);
        markOverloaded(f, 2);
        assertThat(run(rr, 1)).isEqualTo("-");
        f.overload.adopt(Fixture.table("rr", "", null, 1, 1, 1)); // thresholds gone → flags cleared
        assertThat(run(rr, 2)).isEqualTo("AB");
    }

    /** Gives real {@code i} an upper threshold of 1 and one connection, which overloads it. */
    static void markOverloaded(Fixture f, int i) {
        Overload o = f.overload;
        ServiceTable withThreshold = ServiceTable.builder()
                .service(io.jlvs.core.service.VirtualService.tcp("192.0.2.1", 80)
                        .real(Fixture.real(0).upperThreshold(1))
                        .real(Fixture.real(1).upperThreshold(1))
                        .real(Fixture.real(2).upperThreshold(1)))
                .build();
        o.adopt(withThreshold);
        o.update(i, 1);
    }

    @Test
    void rrCursorCarriesOverToTheNextSnapshot() {
        Fixture f = Fixture.of("rr", 1, 1, 1);
        Scheduler first = f.create();
        assertThat(run(first, 2)).isEqualTo("AB");
        ServiceTable next = ServiceTable.builder(f.table)
                .service(io.jlvs.core.service.VirtualService.tcp("192.0.2.1", 80)
                        .scheduler("rr")
                        .real(Fixture.real(1))
                        .real(Fixture.real(0))
                        .real(Fixture.real(2)))
                .build();
        Scheduler second = Schedulers.create(next.service(0), f.load, f.overload, SchedulerOptions.defaults(1), first);
        // List order is now B, A, C and the last pick was B, so A follows.
        assertThat(run(second, 3)).isEqualTo("ACB");
    }

    @Test
    void wrrInterleavesAsTheKernelDoes() {
        assertThat(run(Fixture.of("wrr", 4, 3, 2).create(), 18)).isEqualTo("AABABCABC" + "AABABCABC");
        // gcd 2: passes at cw = 3 and 1, so A A B per cycle.
        assertThat(run(Fixture.of("wrr", 4, 2).create(), 6)).isEqualTo("AABAAB");
        assertThat(run(Fixture.of("wrr", 1, 1, 1).create(), 4)).isEqualTo("ABCA");
        assertThat(run(Fixture.of("wrr", 3, 0, 1).create(), 8)).isEqualTo("AAACAAAC");
        assertThat(run(Fixture.of("wrr", 0, 0).create(), 2)).isEqualTo("--");
    }

    @Test
    void wrrStopsWhenEveryServerIsOverloaded() {
        Fixture f = Fixture.of("wrr", 4, 3, 2);
        Scheduler wrr = f.create();
        assertThat(run(wrr, 2)).isEqualTo("AA");
        ServiceTable th = ServiceTable.builder()
                .service(io.jlvs.core.service.VirtualService.tcp("192.0.2.1", 80)
                        .real(Fixture.real(0).weight(4).upperThreshold(1))
                        .real(Fixture.real(1).weight(3).upperThreshold(1))
                        .real(Fixture.real(2).weight(2).upperThreshold(1)))
                .build();
        f.overload.adopt(th);
        f.overload.update(0, 1);
        f.overload.update(1, 1);
        f.overload.update(2, 1);
        assertThat(run(wrr, 3)).isEqualTo("---");
        f.overload.update(1, 0);
        assertThat(run(wrr, 3)).isEqualTo("BBB");
    }

    @Test
    void wrrKeepsItsCurrentWeightAcrossChangesAsTheKernelDoes() {
        Fixture f = Fixture.of("wrr", 4, 3, 2);
        Wrr wrr = (Wrr) f.create();
        assertThat(wrr.currentWeight()).isEqualTo(4);
        run(wrr, 4); // A A B A → cw is now 2
        assertThat(wrr.currentWeight()).isEqualTo(2);
        // Same step: cw kept.
        Wrr same = new Wrr(Fixture.table("wrr", "", null, 4, 3, 1).service(0), f.load, f.overload, wrr);
        assertThat(same.currentWeight()).isEqualTo(2);
        // New step 2 (weights 6, 4): mw = 5, cw = (2 / 2) * 2 + 1 = 3.
        Wrr stepped = new Wrr(Fixture.table("wrr", "", null, 6, 4).service(0), f.load, f.overload, wrr);
        assertThat(stepped.currentWeight()).isEqualTo(3);
        // Above the new top: restart at it (weights 1, 1 → mw = 1).
        Wrr lowered = new Wrr(Fixture.table("wrr", "", null, 1, 1).service(0), f.load, f.overload, wrr);
        assertThat(lowered.currentWeight()).isEqualTo(1);
    }

    /** Over one cycle of sum(w)/gcd selections from a fresh start, each server is picked w/gcd times. */
    @Property(tries = 200)
    void wrrGivesEachServerItsWeightPerCycle(
            @ForAll @Size(min = 1, max = 8) int[] raw, @ForAll @IntRange(min = 1, max = 3) int cycles) {
        int[] w = new int[raw.length];
        int g = 0;
        int sum = 0;
        for (int i = 0; i < raw.length; i++) {
            w[i] = Math.floorMod(raw[i], 12);
            if (w[i] > 0) {
                g = g == 0 ? w[i] : gcd(g, w[i]);
                sum += w[i];
            }
        }
        Scheduler wrr = Fixture.of("wrr", w).create();
        int[] count = new int[w.length];
        int picks = g == 0 ? 5 : cycles * sum / g;
        for (int k = 0; k < picks; k++) {
            int r = wrr.select(0, 0, 0, 0, 0, 0);
            if (g == 0) {
                assertThat(r).isEqualTo(Scheduler.NONE);
            } else {
                count[r]++;
            }
        }
        for (int i = 0; i < w.length && g > 0; i++) {
            assertThat(count[i]).isEqualTo(cycles * w[i] / g);
        }
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Test
    void wrrGivesARampingServerItsShareEvenAtWeightOne() {
        // Two servers at ipvsadm's default weight 1, the second at half its weight for now:
        // two connections to A for each to B, where plain wrr alternates.
        String seq = run(Fixture.ramping("wrr", 500, 1, 1).create(), 300);
        long b = seq.chars().filter(c -> c == 'B').count();
        assertThat(b).isEqualTo(100);
        assertThat(run(Fixture.of("wrr", 1, 1).create(), 4)).isEqualTo("ABAB");
    }
}
