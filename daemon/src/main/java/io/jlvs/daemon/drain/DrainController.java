package io.jlvs.daemon.drain;

import io.jlvs.api.AdminCommand;
import io.jlvs.api.AdminRequest;
import io.jlvs.api.DrainProgress;
import io.jlvs.api.Endpoint;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.core.drain.DrainFigures;
import io.jlvs.core.drain.FlowClass;
import io.jlvs.core.service.DrainSpec;
import io.jlvs.daemon.dataplane.DataPlaneStats.DrainFigureSum;
import io.jlvs.daemon.registry.Errno;
import io.jlvs.daemon.registry.IpvsCall;
import io.jlvs.daemon.registry.IpvsError;
import io.jlvs.daemon.registry.RealServerEntry;
import io.jlvs.daemon.registry.Registry;
import io.jlvs.daemon.sysctl.Sysctls;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs drains: marks the server draining in the registry (the data plane then stops scheduling
 * to it and closes its flows, see {@code io.jlvs.core.drain}), watches the figures, and when the
 * server has no open flow left — or the deadline passed and its flows were reset — removes it (or
 * leaves it at weight 0) and logs the summary. Re-adding the server or deleting it meanwhile
 * cancels the drain.
 */
public final class DrainController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DrainController.class);

    /** How often drains are looked at. */
    static final long POLL_MILLIS = 100;

    /** Time after the deadline for the data plane's resets to be seen before the server goes anyway. */
    static final long DEADLINE_SLACK_MILLIS = 2000;

    private final Registry registry;
    private final LongFunction<DrainFigureSum> figures;
    private final DrainSpecs specs;
    private final Map<DrainSpec, Drain> drains = new ConcurrentHashMap<>();
    private final Thread watcher;
    private volatile boolean closed;

    /** One drain under way; {@code scansAtStart}: each worker's count of complete scans when it began. */
    private record Drain(
            ServiceKey service,
            Endpoint server,
            long entryId,
            DrainSpec spec,
            boolean keep,
            long startNanos,
            long[] scansAtStart,
            CompletableFuture<AdminRequest.DrainSummary> done) {
        long elapsedMillis() {
            return (System.nanoTime() - startNanos) / 1_000_000;
        }
    }

    /**
     * @param figures a real server's drain figures by registry id (null when it is not in the data
     *     plane's table)
     * @param specs how a drain of each service's real servers goes when not told otherwise
     */
    public DrainController(Registry registry, LongFunction<DrainFigureSum> figures, DrainSpecs specs) {
        this.registry = registry;
        this.figures = figures;
        this.specs = specs;
        this.watcher = Thread.ofVirtual().name("jlvs-drain").unstarted(this::watch);
        watcher.start();
    }

    /** The policies and settings drains start from. */
    public DrainSpecs specs() {
        return specs;
    }

    /**
     * Starts draining a real server with the deadline and idle grace given, or (null) the service's
     * {@code drain_timeout} and {@code idle_grace}, or the settings (see {@link DrainSpecs}); or
     * joins the drain already under way. The future completes when the drain is over (done or
     * cancelled).
     */
    public synchronized CompletableFuture<AdminRequest.DrainSummary> drain(
            ServiceKey service, Endpoint server, Long timeoutMillis, Long idleGraceMillis, boolean keep)
            throws IpvsError, Sysctls.BadSetting {
        DrainSpec spec = specs.spec(service, timeoutMillis, idleGraceMillis);
        RealServerEntry entry = find(service, server)
                .orElseThrow(() -> new IpvsError(
                        IpvsCall.UPDATE_DEST,
                        registry.snapshot().service(service).isEmpty() ? Errno.ESRCH : Errno.ENOENT));
        if (entry.draining()) {
            Drain d = drains.get(entry.drain());
            if (d != null) {
                return d.done();
            }
        }
        // The clock starts before the table with the drain is published, so the duration reported
        // is never shorter than the deadline the workers keep. The table is published before the
        // watcher knows the drain: scans counted from here on began after each worker could have
        // it, and the watcher never sees a drain the table does not have.
        long startNanos = System.nanoTime();
        registry.setDraining(service, server, spec);
        DrainFigureSum start = figures.apply(entry.id());
        Drain d = new Drain(
                service,
                server,
                entry.id(),
                spec,
                keep,
                startNanos,
                start == null ? new long[0] : start.scans(),
                new CompletableFuture<>());
        drains.put(spec, d);
        LOG.info(
                "draining {} of {}: deadline {} s, idle grace {} ms, then {}",
                server,
                service,
                spec.timeoutMillis() / 1000.0,
                spec.idleGraceMillis(),
                keep ? "weight 0" : "removal");
        return d.done();
    }

    /** The progress of the drain of {@code entry}, or null if it is not draining. */
    public DrainProgress progress(RealServerEntry entry) {
        Drain d = entry.draining() ? drains.get(entry.drain()) : null;
        return d == null ? null : progress(d);
    }

    private DrainProgress progress(Drain d) {
        DrainFigureSum f = figures.apply(d.entryId());
        Map<String, Long> flows = new LinkedHashMap<>();
        long[] c = new long[DrainFigures.COUNTERS];
        if (f != null) {
            for (int i = 0; i < FlowClass.OPEN_COUNT; i++) {
                flows.put(FlowClass.name(i), f.flows()[i]);
            }
            c = f.counters();
        }
        long elapsed = d.elapsedMillis();
        return new DrainProgress(
                elapsed,
                Math.max(0, d.spec().timeoutMillis() - elapsed),
                flows,
                c[DrainFigures.CLOSED],
                c[DrainFigures.ENDED],
                c[DrainFigures.RESET],
                c[DrainFigures.CROSSED]);
    }

    private Optional<RealServerEntry> find(ServiceKey service, Endpoint server) {
        return registry.snapshot().service(service).flatMap(e -> e.realServer(server));
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            for (Drain d : drains.values()) {
                try {
                    look(d);
                } catch (RuntimeException | IpvsError e) {
                    LOG.warn("drain of {} of {}: {}", d.server(), d.service(), e.getMessage());
                }
            }
        }
    }

    private void look(Drain d) throws IpvsError {
        Optional<RealServerEntry> entry = find(d.service(), d.server());
        if (entry.isEmpty() || entry.get().drain() != d.spec()) {
            finish(d, summary(d, "cancelled"));
            LOG.info(
                    "drain of {} of {} cancelled: the server was {}",
                    d.server(),
                    d.service(),
                    entry.isEmpty() ? "deleted" : "added again");
            return;
        }
        DrainFigureSum f = figures.apply(d.entryId());
        long elapsed = d.elapsedMillis();
        boolean empty = f != null && freshScans(d, f) && f.open() == 0;
        if (!empty && elapsed < d.spec().timeoutMillis() + DEADLINE_SLACK_MILLIS) {
            return;
        }
        // The figures are read while the server is still in the data plane's table; the answer
        // to a waiting jlvsadm goes only once the table no longer has it draining, so that what
        // the operator runs next (a listing, stopping the server) sees the drain over.
        AdminRequest.DrainSummary summary = summary(d, "done");
        try {
            if (d.keep()) {
                RealServerConfig c = entry.get().config();
                registry.apply(new AdminCommand.EditServer(d.service(), c.withWeight(0)));
                registry.setDraining(d.service(), d.server(), null);
            } else {
                registry.apply(new AdminCommand.DeleteServer(d.service(), d.server()));
            }
        } finally {
            finish(d, summary);
        }
        DrainProgress p = summary.progress();
        LOG.info(
                "drained {} of {} in {} s: {} closed gracefully, {} ended by themselves, {} reset, {} client request(s) crossed a close; {}",
                d.server(),
                d.service(),
                summary.durationMillis() / 1000.0,
                p.closedGracefully(),
                p.endedByThemselves(),
                p.reset(),
                p.requestsCrossed(),
                d.keep() ? "left at weight 0" : "removed");
    }

    // Every worker finished at least one whole scan that began after the drain was published: the
    // one under way at the start may have begun before, the next began in a later batch, which
    // reads the published table first.
    private static boolean freshScans(Drain d, DrainFigureSum f) {
        long[] now = f.scans();
        for (int w = 0; w < now.length; w++) {
            long start = w < d.scansAtStart().length ? d.scansAtStart()[w] : 0;
            if (now[w] < start + 2) {
                return false;
            }
        }
        return true;
    }

    private AdminRequest.DrainSummary summary(Drain d, String outcome) {
        return new AdminRequest.DrainSummary(outcome, d.elapsedMillis(), progress(d));
    }

    private void finish(Drain d, AdminRequest.DrainSummary summary) {
        drains.remove(d.spec());
        d.done().complete(summary);
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
    }
}
