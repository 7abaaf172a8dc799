package io.jlvs.core.persist;

import io.jlvs.core.sched.Scheduler;
import io.jlvs.core.service.ServiceTable;
import io.jlvs.core.service.VirtualService;
import java.util.Objects;

/**
 * The scheduling step for a new connection, persistence included, as IPVS's ip_vs_schedule and
 * ip_vs_sched_persist divide it: a persistent service first looks for the client's template and
 * follows it; otherwise (or for a non-persistent service) the scheduler chooses, and for a
 * persistent service a template is recorded.
 *
 * <p>The caller then creates the connection and, if {@link #lastTemplate()} is not {@link
 * PersistTable#NONE}, {@link PersistTable#attach attaches} it and stores the template in the
 * connection, detaching when the connection ends. When the template table is full the connection
 * is still scheduled, without persistence (counted by {@link PersistTable#createFailures()}); the
 * kernel drops it instead, but refusing clients because a cache is full is the worse failure.
 *
 * <p>Per worker; {@link #select} allocates nothing.
 */
public final class PersistScheduler {
    private final PersistTable templates;
    private int lastTemplate = PersistTable.NONE;

    public PersistScheduler(PersistTable templates) {
        this.templates = Objects.requireNonNull(templates, "templates");
    }

    /**
     * @return the chosen real server's index, or {@link Scheduler#NONE}
     */
    public int select(
            ServiceTable table,
            Scheduler scheduler,
            long clientHi,
            long clientLo,
            int clientPort,
            long destHi,
            long destLo,
            long now) {
        VirtualService svc = scheduler.service();
        lastTemplate = PersistTable.NONE;
        if (!svc.isPersistent()) {
            return scheduler.select(clientHi, clientLo, clientPort, destHi, destLo, now);
        }
        int t = templates.lookup(table, svc, clientHi, clientLo, now);
        if (t != PersistTable.NONE) {
            lastTemplate = t;
            return templates.realIndex(t);
        }
        int real = scheduler.select(clientHi, clientLo, clientPort, destHi, destLo, now);
        if (real == Scheduler.NONE) {
            return Scheduler.NONE;
        }
        lastTemplate = templates.create(svc, clientHi, clientLo, real, now);
        return real;
    }

    /** The template the last {@link #select} used or created, or {@link PersistTable#NONE}. */
    public int lastTemplate() {
        return lastTemplate;
    }

    public PersistTable templates() {
        return templates;
    }
}
