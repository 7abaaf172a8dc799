package io.jlvs.core.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimerWheelTest {
    private ConnTable table;

    private ConnTable table(int n) {
        table = filled(n);
        return table;
    }

    /** A table of {@code n} connections with ids 0 .. n-1. */
    private static ConnTable filled(int n) {
        ConnTable t = new ConnTable(n, ConnTable.DEFAULT_LOAD_FACTOR, new LocalAddresses(1), 1);
        for (int i = 0; i < n; i++) {
            t.insert(6, 0, i, 1, 0, -1, 80, 0, -2, 80, -1, 0, 0, 0, FwdMethod.NAT);
        }
        return t;
    }

    @AfterEach
    void close() {
        if (table != null) {
            table.close();
        }
    }

    /** Records what fired, and when; removes what fired, like the tracker does. */
    static final class Recorder implements TimerWheel.Handler {
        final ConnTable t;
        final List<Integer> fired = new ArrayList<>();

        Recorder(ConnTable t) {
            this.t = t;
        }

        @Override
        public void expired(int conn) {
            fired.add(conn);
            t.remove(conn);
        }
    }

    @Test
    void firesAtItsDeadlineAndNotBefore() {
        ConnTable t = table(4);
        TimerWheel w = new TimerWheel(t, 16, 100);
        Recorder r = new Recorder(t);
        w.schedule(0, 105);
        w.schedule(1, 107);
        assertThat(w.isScheduled(0)).isTrue();
        assertThat(w.advance(104, r)).isZero();
        assertThat(w.advance(105, r)).isEqualTo(1);
        assertThat(r.fired).containsExactly(0);
        assertThat(w.advance(106, r)).isZero();
        assertThat(w.advance(107, r)).isEqualTo(1);
        assertThat(r.fired).containsExactly(0, 1);
        assertThat(w.lastTick()).isEqualTo(107);
        assertThat(t.size()).isEqualTo(2);
    }

    @Test
    void deadlinesBeyondOneRevolutionWaitForTheirRevolution() {
        ConnTable t = table(2);
        TimerWheel w = new TimerWheel(t, 16, 0);
        Recorder r = new Recorder(t);
        w.schedule(0, 100); // bucket 4, six revolutions away
        for (long now = 1; now < 100; now++) {
            w.advance(now, r);
        }
        assertThat(r.fired).isEmpty();
        w.advance(100, r);
        assertThat(r.fired).containsExactly(0);
    }

    @Test
    void laterDeadlineIsHonouredLazily() {
        ConnTable t = table(1);
        TimerWheel w = new TimerWheel(t, 16, 0);
        Recorder r = new Recorder(t);
        w.schedule(0, 10);
        w.schedule(0, 50); // refresh: only the deadline field changes
        for (long now = 1; now < 50; now++) {
            w.advance(now, r);
        }
        assertThat(r.fired).isEmpty();
        assertThat(t.expires(0, 49)).isEqualTo(50);
        w.advance(50, r);
        assertThat(r.fired).containsExactly(0);
    }

    @Test
    void earlierDeadlineIsHonouredAtOnce() {
        ConnTable t = table(1);
        TimerWheel w = new TimerWheel(t, 16, 0);
        Recorder r = new Recorder(t);
        w.schedule(0, 900);
        w.schedule(0, 10); // a RST: 900 s to 10 s
        w.advance(9, r);
        assertThat(r.fired).isEmpty();
        w.advance(10, r);
        assertThat(r.fired).containsExactly(0);
    }

    @Test
    void aDeadlineAlreadyPastFiresAtTheNextAdvance() {
        ConnTable t = table(1);
        TimerWheel w = new TimerWheel(t, 16, 500);
        Recorder r = new Recorder(t);
        w.schedule(0, 400);
        w.advance(501, r);
        assertThat(r.fired).containsExactly(0);
    }

    @Test
    void aLongJumpFiresEverythingDueAndKeepsTheRest() {
        ConnTable t = table(100);
        TimerWheel w = new TimerWheel(t, 16, 0);
        Recorder r = new Recorder(t);
        for (int i = 0; i < 100; i++) {
            w.schedule(i, 10L * i + 1); // 1, 11, ..., 991
        }
        assertThat(w.advance(500, r)).isEqualTo(50); // deadlines 1..491
        assertThat(r.fired).containsExactlyInAnyOrderElementsOf(range(0, 50));
        assertThat(w.advance(10_000, r)).isEqualTo(50);
        assertThat(t.size()).isZero();
    }

    @Test
    void cancelledDeadlinesDoNotFire() {
        ConnTable t = table(3);
        TimerWheel w = new TimerWheel(t, 16, 0);
        Recorder r = new Recorder(t);
        w.schedule(0, 5);
        w.schedule(1, 5);
        w.schedule(2, 5);
        w.cancel(1);
        w.cancel(1);
        assertThat(w.isScheduled(1)).isFalse();
        w.advance(5, r);
        assertThat(r.fired).containsExactlyInAnyOrder(0, 2);
    }

    @Test
    void removingAnEntryFromTheTableCancelsItsDeadline() {
        ConnTable t = table(3);
        TimerWheel w = new TimerWheel(t, 16, 0);
        Recorder r = new Recorder(t);
        w.schedule(0, 5);
        w.schedule(1, 5);
        w.schedule(2, 5);
        t.remove(1); // freed entries chain through the timer field: it must leave the wheel first
        w.advance(5, r);
        assertThat(r.fired).containsExactlyInAnyOrder(0, 2);
    }

    @Test
    void aHandlerMayRescheduleItselfAndCancelOthersOfTheSameBucket() {
        ConnTable t = table(3);
        TimerWheel w = new TimerWheel(t, 16, 0);
        List<String> fired = new ArrayList<>();
        long[] now = {0};
        TimerWheel.Handler h = conn -> {
            fired.add(conn + "@" + now[0]);
            if (conn == 2 && now[0] == 3) {
                w.schedule(conn, now[0] + 16); // same bucket, next revolution
                w.cancel(1); // an entry of the bucket being processed, if still there
            } else {
                t.remove(conn);
            }
        };
        w.schedule(0, 3);
        w.schedule(1, 3);
        w.schedule(2, 3);
        for (now[0] = 1; now[0] <= 40; now[0]++) {
            w.advance(now[0], h);
        }
        boolean oneFiredFirst = fired.indexOf("1@3") >= 0 && fired.indexOf("1@3") < fired.indexOf("2@3");
        assertThat(fired).contains("0@3", "2@3", "2@19");
        assertThat(fired).hasSize(oneFiredFirst ? 4 : 3);
        assertThat(t.size()).isEqualTo(oneFiredFirst ? 0 : 1);
    }

    @Test
    void constructorRejectsBadBucketCounts() {
        ConnTable t = table(1);
        assertThatThrownBy(() -> new TimerWheel(t, 100, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimerWheel(t, 8, 0)).isInstanceOf(IllegalArgumentException.class);
        TimerWheel w = new TimerWheel(t, 16, 0);
        assertThat(w.bytesAllocated()).isEqualTo(17 * 4);
        assertThatThrownBy(() -> new TimerWheel(t, 16, 0)).isInstanceOf(IllegalStateException.class);
    }

    /**
     * Random schedules, reschedules, cancels and advances against a model: each entry fires
     * exactly at the first advance whose tick reaches its latest deadline.
     */
    @Property(tries = 300)
    void behavesLikeAMapOfDeadlines(
            @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 1_000_000) Integer> script) {
        int n = 16;
        try (ConnTable t = filled(n)) {
            TimerWheel w = new TimerWheel(t, 16, 0);
            Map<Integer, Long> model = new HashMap<>();
            List<Integer> fired = new ArrayList<>();
            TimerWheel.Handler h = fired::add; // keep entries in the table; the model tracks them
            long now = 0;
            for (int op : script) {
                int conn = op % n;
                int kind = (op / n) % 4;
                int arg = op / (4 * n) % 200;
                switch (kind) {
                    case 0, 1 -> {
                        long deadline = now + arg - 20; // some already past
                        w.schedule(conn, deadline);
                        model.put(conn, deadline);
                    }
                    case 2 -> {
                        w.cancel(conn);
                        model.remove(conn);
                    }
                    default -> {
                        long step = arg % 70;
                        now += step;
                        fired.clear();
                        w.advance(now, h);
                        List<Integer> due = new ArrayList<>();
                        // Time that does not move processes nothing; deadlines already past
                        // fire at the next advance that moves it.
                        if (step > 0) {
                            for (var e : List.copyOf(model.entrySet())) {
                                if (e.getValue() <= now) {
                                    due.add(e.getKey());
                                    model.remove(e.getKey());
                                }
                            }
                        }
                        assertThat(fired).containsExactlyInAnyOrderElementsOf(due);
                    }
                }
                for (int c = 0; c < n; c++) {
                    assertThat(w.isScheduled(c)).isEqualTo(model.containsKey(c));
                }
            }
        }
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> l = new ArrayList<>();
        for (int i = from; i < to; i++) {
            l.add(i);
        }
        return l;
    }
}
