package io.jlvs.core.sched;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.service.SchedulerNames;
import io.jlvs.core.service.ServiceTable;
import io.jlvs.core.service.VirtualService;
import org.junit.jupiter.api.Test;

class SchedulersTest {
    @Test
    void everyIpvsSchedulerNameBuildsItsScheduler() {
        for (String name : SchedulerNames.ALL) {
            Fixture f = Fixture.of(name, 1, 2, 3);
            Scheduler s = f.create();
            assertThat(s.name()).isEqualTo(name);
            assertThat(s.service()).isSameAs(f.service);
            assertThat(s.select(0, Fixture.v4(203, 0, 113, 1), 999, 0, Fixture.v4(198, 51, 100, 1), 0))
                    .as(name)
                    .isIn(0, 1, 2);
            assertThat(s.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT))
                    .isEqualTo(name);
        }
    }

    @Test
    void workerSchedulersCarryStateAcrossSnapshots() {
        ServiceTable first = ServiceTable.builder()
                .service(VirtualService.tcp("192.0.2.1", 80)
                        .scheduler("rr")
                        .real(Fixture.real(0))
                        .real(Fixture.real(1))
                        .real(Fixture.real(2)))
                .service(VirtualService.tcp("192.0.2.1", 443).scheduler("lblc").real(Fixture.real(3)))
                .build();
        Fixture.Load load = new Fixture.Load(8);
        Overload o = new Overload();
        SchedulerOptions opts = SchedulerOptions.defaults(1);
        WorkerSchedulers w1 = WorkerSchedulers.build(first, load, o, opts, null);
        VirtualService web = first.find(6, 0, Fixture.v4(192, 0, 2, 1), 80);
        assertThat(Fixture.run(w1.forService(web.id()), 2)).isEqualTo("AB");
        assertThat(w1.forService(99)).isNull();
        assertThat(w1.table()).isSameAs(first);

        ServiceTable second = ServiceTable.builder(first)
                .service(VirtualService.tcp("192.0.2.1", 80)
                        .scheduler("rr")
                        .real(Fixture.real(0))
                        .real(Fixture.real(1))
                        .real(Fixture.real(2).upperThreshold(1)))
                .service(VirtualService.tcp("192.0.2.1", 443).scheduler("wrr").real(Fixture.real(3)))
                .build();
        WorkerSchedulers w2 = WorkerSchedulers.build(second, load, o, opts, w1);
        assertThat(o.upperShare(2)).isEqualTo(1); // thresholds adopted
        assertThat(Fixture.run(w2.forService(web.id()), 2)).isEqualTo("CA"); // continues after B
        VirtualService tls = second.find(6, 0, Fixture.v4(192, 0, 2, 1), 443);
        assertThat(w2.forService(tls.id()).name()).isEqualTo("wrr"); // a new kind starts fresh
        w2.housekeeping(1_000_000);
    }

    @Test
    void twosKeepsItsRandomSourceAcrossSnapshots() {
        Fixture f = Fixture.of("twos", 1, 1, 1, 1);
        Twos a = (Twos) f.create();
        Twos b = (Twos) Schedulers.create(f.service, f.load, f.overload, SchedulerOptions.defaults(1), a);
        assertThat(b.random()).isSameAs(a.random());
        Twos c = (Twos) Schedulers.create(
                f.service, f.load, f.overload, SchedulerOptions.defaults(1).withRandomSeed(7));
        assertThat(c.random()).isNotSameAs(a.random());
    }
}
