package io.jlvs.core.sched;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.service.SchedulerNames;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** DESIGN.md §3.2: select() must not allocate; a million calls are measured per scheduler. */
class ZeroAllocationTest {
    private static final com.sun.management.ThreadMXBean MX =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocatedBy(Scheduler s, Fixture.Load load, int calls) {
        long sink = 0;
        for (int i = 0; i < 100_000; i++) {
            sink += s.select(0, Fixture.v4(100, 64, i >>> 8, i), i, 0, Fixture.v4(198, 51, 100, i & 0x3F), i);
        }
        long before = MX.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            int r = s.select(0, Fixture.v4(100, 64, i >>> 8, i), i, 0, Fixture.v4(198, 51, 100, i & 0x3F), i);
            if (r >= 0) {
                // Let the least-connection schedulers see a moving load, as they would in service.
                load.active[r] = (load.active[r] + 1) & 0xFF;
                load.inactive[r] = (load.inactive[r] + 3) & 0x3FF;
            }
            sink += r;
        }
        long allocated = MX.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).as(s.name() + " chose something").isNotZero();
        return allocated;
    }

    @Test
    void selectAllocatesNothing() {
        // Every scheduler an operator can name: one left out here would go unmeasured.
        for (String name : SchedulerNames.ALL) {
            Fixture f = Fixture.of(name, 3, 1, 4, 1, 5, 9, 2, 6);
            Scheduler s = f.create();
            long allocated = allocatedBy(s, f.load, 1_000_000);
            assertThat(allocated).as(name + " allocated bytes over 1M selects").isLessThan(4096);
        }
    }

    @Test
    void selectAllocatesNothingDuringASlowStart() {
        for (String name : SchedulerNames.ALL) {
            Fixture f = Fixture.ramping(name, 250, 3, 1, 4, 1, 5, 9, 2, 6);
            Scheduler s = f.create();
            long allocated = allocatedBy(s, f.load, 1_000_000);
            assertThat(allocated)
                    .as(name + " allocated bytes over 1M selects, one server ramping")
                    .isLessThan(4096);
        }
    }
}
