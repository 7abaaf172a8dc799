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
    private final Map<DrainSpec, Drain> drains = new ConcurrentHashMap<>();
    private final Thread watcher;
    private volatile boolean closed;

    /** One drain under way. */
    private static final class Drain {
        final ServiceKey service;
        final Endpoint server;
        final long entryId;
        final DrainSpec spec;
        final boolean keep;
        final long startNanos = System.nanoTime();
        final long[] scansAtStart;
        final CompletableFuture<AdminRequest.DrainSummary> done = new CompletableFuture<>();

        Drain(ServiceKey service, Endpoint server, long entryId, DrainSpec spec, boolean keep, long[] scansAtStart) {
            this.service = service;
            this.server = server;
            this.entryId = entryId;
            this.spec = spec;
            this.keep = keep;
            this.scansAtStart = scansAtStart;
        }

        long elapsedMillis() {
            return (System.nanoTime() - startNanos) / 1_000_000;
        }
    }

    /**
     * @param figures a real server's drain figures by registry id (null when it is not in the data
     *     plane's table)
     */
    public DrainController(Registry registry, LongFunction<DrainFigureSum> figures) {
        this.registry = registry;
        this.figures = figures;
        this.watcher = Thread.ofVirtual().name("jlvs-drain").unstarted(this::watch);
        watcher.start();
    }

    /**
     * Starts draining a real server, or joins the drain already under way. The future completes
     * when the drain is over (done or cancelled).
     */
    public CompletableFuture<AdminRequest.DrainSummary> drain(
            ServiceKey service, Endpoint server, DrainSpec spec, boolean keep) throws IpvsError {
        RealServerEntry entry = find(service, server)
                .orElseThrow(() -> new IpvsError(
                        IpvsCall.UPDATE_DEST,
                        registry.snapshot().service(service).isEmpty() ? Errno.ESRCH : Errno.ENOENT));
        if (entry.draining()) {
            Drain d = drains.get(entry.drain());
            if (d != null) {
                return d.done;
            }
        }
        DrainFigureSum before = figures.apply(entry.id());
        Drain d = new Drain(service, server, entry.id(), spec, keep, before == null ? new long[0] : before.scans());
        drains.put(spec, d);
        registry.setDraining(service, server, spec);
        LOG.info(
                "draining {} of {}: deadline {} s, idle grace {} ms, then {}",
                server,
                service,
                spec.timeoutMillis() / 1000.0,
                spec.idleGraceMillis(),
                keep ? "weight 0" : "removal");
        return d.done;
    }

    /** The progress of the drain of {@code entry}, or null if it is not draining. */
    public DrainProgress progress(RealServerEntry entry) {
        Drain d = entry.draining() ? drains.get(entry.drain()) : null;
        return d == null ? null : progress(d);
    }

    private DrainProgress progress(Drain d) {
        DrainFigureSum f = figures.apply(d.entryId);
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
                Math.max(0, d.spec.timeoutMillis() - elapsed),
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
                    LOG.warn("drain of {} of {}: {}", d.server, d.service, e.getMessage());
                }
            }
        }
    }

    private void look(Drain d) throws IpvsError {
        Optional<RealServerEntry> entry = find(d.service, d.server);
        if (entry.isEmpty() || entry.get().drain() != d.spec) {
            finish(d, "cancelled");
            LOG.info(
                    "drain of {} of {} cancelled: the server was {}",
                    d.server,
                    d.service,
                    entry.isEmpty() ? "deleted" : "added again");
            return;
        }
        DrainFigureSum f = figures.apply(d.entryId);
        long elapsed = d.elapsedMillis();
        boolean empty = f != null && freshScans(d, f) && f.open() == 0;
        if (!empty && elapsed < d.spec.timeoutMillis() + DEADLINE_SLACK_MILLIS) {
            return;
        }
        AdminRequest.DrainSummary summary = finish(d, "done");
        if (d.keep) {
            RealServerConfig c = entry.get().config();
            registry.apply(new AdminCommand.EditServer(d.service, c.withWeight(0)));
            registry.setDraining(d.service, d.server, null);
        } else {
            registry.apply(new AdminCommand.DeleteServer(d.service, d.server));
        }
        DrainProgress p = summary.progress();
        LOG.info(
                "drained {} of {} in {} s: {} closed gracefully, {} ended by themselves, {} reset, {} client request(s) crossed a close; {}",
                d.server,
                d.service,
                summary.durationMillis() / 1000.0,
                p.closedGracefully(),
                p.endedByThemselves(),
                p.reset(),
                p.requestsCrossed(),
                d.keep ? "left at weight 0" : "removed");
    }

    // Every worker finished at least one whole scan that began after the drain did.
    private static boolean freshScans(Drain d, DrainFigureSum f) {
        long[] now = f.scans();
        for (int w = 0; w < now.length; w++) {
            long start = w < d.scansAtStart.length ? d.scansAtStart[w] : 0;
            if (now[w] < start + 2) {
                return false;
            }
        }
        return true;
    }

    private AdminRequest.DrainSummary finish(Drain d, String outcome) {
        drains.remove(d.spec);
        AdminRequest.DrainSummary s = new AdminRequest.DrainSummary(outcome, d.elapsedMillis(), progress(d));
        d.done.complete(s);
        return s;
    }

    /** The drains under way, by real server, for the listing and metrics. */
    public Map<Long, DrainProgress> underWay() {
        Map<Long, DrainProgress> out = new LinkedHashMap<>();
        for (Drain d : drains.values()) {
            out.put(d.entryId, progress(d));
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
    }
}
