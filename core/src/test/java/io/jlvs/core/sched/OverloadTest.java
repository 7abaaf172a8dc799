package io.jlvs.core.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.core.service.ServiceTable;
import io.jlvs.core.service.VirtualService;
import org.junit.jupiter.api.Test;

class OverloadTest {
    private static ServiceTable thresholds(int upper, int lower) {
        return ServiceTable.builder()
                .service(VirtualService.tcp("192.0.2.1", 80)
                        .scheduler("wlc")
                        .real(Fixture.real(0).upperThreshold(upper).lowerThreshold(lower))
                        .real(Fixture.real(1)))
                .build();
    }

    @Test
    void upperThresholdOverloadsAndThreeQuartersClears() {
        Overload o = new Overload();
        o.adopt(thresholds(10, 0));
        for (int conns = 0; conns < 10; conns++) {
            o.update(0, conns);
            assertThat(o.isOverloaded(0)).isFalse();
        }
        o.update(0, 10);
        assertThat(o.isOverloaded(0)).isTrue();
        o.update(0, 9);
        o.update(0, 8);
        assertThat(o.isOverloaded(0)).isTrue(); // 8 is not below 7.5
        o.update(0, 9);
        assertThat(o.isOverloaded(0)).isTrue(); // climbing back does not clear it
        o.update(0, 7);
        assertThat(o.isOverloaded(0)).isFalse();
        o.update(0, 9);
        assertThat(o.isOverloaded(0)).isFalse(); // below the upper threshold: stays clear
        assertThat(o.isOverloaded(1)).isFalse();
    }

    @Test
    void lowerThresholdSetsTheResumePoint() {
        Overload o = new Overload();
        o.adopt(thresholds(10, 5));
        o.update(0, 10);
        o.update(0, 5);
        assertThat(o.isOverloaded(0)).isTrue();
        o.update(0, 4);
        assertThat(o.isOverloaded(0)).isFalse();
    }

    @Test
    void schedulersSkipAnOverloadedServerUntilItRecovers() {
        ServiceTable t = thresholds(2, 1);
        Fixture.Load load = new Fixture.Load(2);
        Overload o = new Overload();
        o.adopt(t);
        Scheduler wlc = new Wlc(t.service(0), load, o);
        // A takes the first connections while it is not busier than B.
        StringBuilder seq = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            int r = wlc.select(0, 0, 0, 0, 0, 0);
            seq.append(Fixture.letter(r));
            load.active[r]++;
            o.update(r, load.active[r] + load.inactive[r]);
        }
        // A reaches its upper threshold of 2 after two connections and gets no more.
        assertThat(seq.toString()).isEqualTo("ABABBB");
        load.active[0] = 1;
        o.update(0, 1);
        assertThat(o.isOverloaded(0)).isTrue(); // 1 is not below the lower threshold 1
        load.active[0] = 0;
        o.update(0, 0);
        assertThat(wlc.select(0, 0, 0, 0, 0, 0)).isEqualTo(0);
    }

    @Test
    void eachWorkerHoldsAShareOfTheThresholds() {
        Overload o = new Overload(4);
        o.adopt(thresholds(10, 5));
        assertThat(o.upperShare(0)).isEqualTo(3);
        o.update(0, 3);
        assertThat(o.isOverloaded(0)).isTrue();
        o.update(0, 1);
        assertThat(o.isOverloaded(0)).isFalse(); // lower share ceil(5/4) = 2
        assertThatThrownBy(() -> new Overload(0)).hasMessageContaining("at least 1");
    }

    @Test
    void newSnapshotClearsTheFlagWhenTheThresholdIsRemovedOrRaised() {
        Overload o = new Overload();
        o.adopt(thresholds(10, 0));
        o.update(0, 12);
        o.adopt(thresholds(8, 0)); // lowered: stays overloaded, as ip_vs_ctl leaves it
        assertThat(o.isOverloaded(0)).isTrue();
        o.adopt(thresholds(20, 0)); // raised: cleared
        assertThat(o.isOverloaded(0)).isFalse();
        o.update(0, 20);
        assertThat(o.isOverloaded(0)).isTrue();
        o.adopt(thresholds(0, 0)); // removed: cleared, and never set again
        assertThat(o.isOverloaded(0)).isFalse();
        o.update(0, 1000);
        assertThat(o.isOverloaded(0)).isFalse();
        o.update(99, 5); // unknown index: ignored
        assertThat(o.isOverloaded(99)).isFalse();
    }
}
