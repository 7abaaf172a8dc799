package io.jlvs.core.sched;

import io.jlvs.core.service.ServiceTable;
import io.jlvs.core.service.VirtualService;
import java.util.Objects;

/**
 * One worker's schedulers for one snapshot, found by service id in an array. Build it when the
 * worker adopts a new {@link ServiceTable} (off the packet path, once per snapshot), passing the
 * previous set so stateful schedulers carry on; {@link #forService(int)} is then an array read.
 */
public final class WorkerSchedulers {
    private final ServiceTable table;
    private final Scheduler[] byServiceId;

    private WorkerSchedulers(ServiceTable table, Scheduler[] byServiceId) {
        this.table = table;
        this.byServiceId = byServiceId;
    }

    /**
     * Builds every service's scheduler for this worker. Also hands the snapshot's thresholds to
     * {@code overload}, which must happen before the first select on the new snapshot.
     */
    public static WorkerSchedulers build(
            ServiceTable table, RealLoad load, Overload overload, SchedulerOptions options, WorkerSchedulers previous) {
        Objects.requireNonNull(table, "table");
        overload.adopt(table);
        Scheduler[] out = new Scheduler[table.serviceIdCapacity()];
        for (int i = 0; i < table.serviceCount(); i++) {
            VirtualService s = table.service(i);
            Scheduler prev = previous == null ? null : previous.forService(s.id());
            out[s.id()] = Schedulers.create(s, load, overload, options, prev);
        }
        return new WorkerSchedulers(table, out);
    }

    public ServiceTable table() {
        return table;
    }

    /** The scheduler of the service with this id, or null. */
    public Scheduler forService(int serviceId) {
        return serviceId >= 0 && serviceId < byServiceId.length ? byServiceId[serviceId] : null;
    }

    /** Runs every scheduler's periodic upkeep. */
    public void housekeeping(long now) {
        for (Scheduler s : byServiceId) {
            if (s != null) {
                s.housekeeping(now);
            }
        }
    }
}
