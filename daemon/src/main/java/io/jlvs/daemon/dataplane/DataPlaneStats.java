package io.jlvs.daemon.dataplane;

import io.jlvs.api.Address;
import io.jlvs.api.ConnectionEntry;
import io.jlvs.api.Counters;
import io.jlvs.api.Endpoint;
import io.jlvs.api.LocalAddressStatus;
import io.jlvs.api.Protocol;
import io.jlvs.api.Rates;
import io.jlvs.core.conn.ConnTable;
import io.jlvs.core.conn.LocalAddresses;
import io.jlvs.core.drain.DrainFigures;
import io.jlvs.core.drain.FlowClass;
import io.jlvs.core.proto.TcpStates;
import io.jlvs.core.proto.UdpStates;
import io.jlvs.core.worker.Worker;
import io.jlvs.daemon.registry.ConnectionCounts;
import io.jlvs.daemon.registry.StatsSource;
import io.jlvs.daemon.stats.RateEstimator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The registry's figures, read from the data plane: each worker's counters summed (DESIGN.md
 * §3.4), keyed by registry id through the translator's maps, with {@code -Z} kept as a baseline
 * here (workers' counters are only ever written by workers), and rates from a {@link
 * RateEstimator} sampled every two seconds.
 */
public final class DataPlaneStats implements StatsSource, AutoCloseable {
    private final DataPlaneView plane;
    private final RateEstimator rates = new RateEstimator();
    private final Map<Long, Counters> baseline = new HashMap<>();
    private final ScheduledExecutorService sampler;
    private volatile TableTranslator.Result maps = new TableTranslator.Result(null, Map.of(), Map.of());

    /** What the figures are read from: the running data plane's workers. */
    public interface DataPlaneView {
        List<Worker> workers();

        /** A worker's current tick (ms), to turn deadlines into "expires in". */
        long tick(int worker);
    }

    public DataPlaneStats(DataPlaneView plane) {
        this.plane = plane;
        this.sampler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("jlvs-rate-estimator").factory());
        sampler.scheduleAtFixedRate(
                this::sample, RateEstimator.INTERVAL_MILLIS, RateEstimator.INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Called with each new table so ids map to the right indices. */
    public void mapping(TableTranslator.Result result) {
        this.maps = result;
    }

    private void sample() {
        TableTranslator.Result m = maps;
        List<Long> ids = new ArrayList<>(m.serviceIndex().keySet());
        ids.addAll(m.realIndex().keySet());
        rates.sample(ids, this::raw);
    }

    private Counters raw(long id) {
        TableTranslator.Result m = maps;
        Integer s = m.serviceIndex().get(id);
        Integer r = s == null ? m.realIndex().get(id) : null;
        if (s == null && r == null) {
            return new Counters(0, 0, 0, 0, 0);
        }
        long[] f = new long[io.jlvs.core.worker.Counters.FIGURES];
        for (Worker w : plane.workers()) {
            io.jlvs.core.worker.Counters c = w.counters();
            for (int i = 0; i < f.length; i++) {
                f[i] += s != null ? c.serviceFigure(s, i) : c.realFigure(r, i);
            }
        }
        return new Counters(f[0], f[1], f[2], f[3], f[4]);
    }

    @Override
    public synchronized Counters counters(long id) {
        Counters now = raw(id);
        Counters base = baseline.get(id);
        if (base == null) {
            return now;
        }
        return new Counters(
                now.conns() - base.conns(),
                now.inPkts() - base.inPkts(),
                now.outPkts() - base.outPkts(),
                now.inBytes() - base.inBytes(),
                now.outBytes() - base.outBytes());
    }

    @Override
    public Rates rates(long id) {
        return rates.rates(id);
    }

    @Override
    public ConnectionCounts connections(long realServerId) {
        Integer r = maps.realIndex().get(realServerId);
        if (r == null) {
            return new ConnectionCounts(0, 0, 0);
        }
        long active = 0;
        long inactive = 0;
        long persistent = 0;
        for (Worker w : plane.workers()) {
            active += w.load().activeConns(r);
            inactive += w.load().inactiveConns(r);
            persistent += w.templates().templatesFor(r);
        }
        return new ConnectionCounts(active, inactive, persistent);
    }

    /**
     * A real server's drain figures summed over the workers, with each worker's count of complete
     * table scans; null if the server is not in the data plane's table.
     */
    public DrainFigureSum drainFigures(long realServerId) {
        Integer r = maps.realIndex().get(realServerId);
        if (r == null) {
            return null;
        }
        List<Worker> ws = plane.workers();
        long[] flows = new long[FlowClass.OPEN_COUNT];
        long[] counters = new long[DrainFigures.COUNTERS];
        long[] scans = new long[ws.size()];
        for (int w = 0; w < ws.size(); w++) {
            DrainFigures f = ws.get(w).drainer().figures();
            scans[w] = f.scans(); // first: the counts read after it are at least that scan's
            for (int c = 0; c < flows.length; c++) {
                flows[c] += f.flows(r, c);
            }
            for (int c = 0; c < counters.length; c++) {
                counters[c] += f.counter(r, c);
            }
        }
        return new DrainFigureSum(flows, counters, scans);
    }

    /**
     * Drain figures over all workers.
     *
     * @param flows open flows per {@link FlowClass}
     * @param counters cumulative, indexed by {@link DrainFigures#CLOSED} and the others
     * @param scans complete scans per worker
     */
    public record DrainFigureSum(long[] flows, long[] counters, long[] scans) {
        public long open() {
            long sum = 0;
            for (long f : flows) {
                sum += f;
            }
            return sum;
        }
    }

    @Override
    public LocalAddressStatus localAddress(long serviceId, Address address) {
        long conns = 0;
        long conflicts = 0;
        for (Worker w : plane.workers()) {
            int idx = w.connections().localAddresses().indexOf(address.hi(), address.lo());
            conns += w.localPorts().connections(idx);
            conflicts += w.localPorts().portConflicts(idx);
        }
        return new LocalAddressStatus(address, conflicts, conns);
    }

    @Override
    public List<ConnectionEntry> connectionEntries() {
        List<ConnectionEntry> out = new ArrayList<>();
        List<Worker> ws = plane.workers();
        for (int wi = 0; wi < ws.size(); wi++) {
            ConnTable t = ws.get(wi).connections();
            long now = plane.tick(wi);
            LocalAddresses la = t.localAddresses();
            for (int id = t.nextUsed(0); id >= 0; id = t.nextUsed(id + 1)) {
                int proto = t.protocol(id);
                Protocol p = proto == 6 ? Protocol.TCP : proto == 17 ? Protocol.UDP : Protocol.SCTP;
                String state = proto == 6 ? TcpStates.name(t.state(id)) : UdpStates.name(t.state(id));
                long expires = Math.max(0, (t.expires(id, now) - now) / 1000);
                int l = t.localAddress(id);
                Endpoint local = l >= 0 ? new Endpoint(new Address(la.hi(l), la.lo(l)), t.localPort(id)) : null;
                out.add(new ConnectionEntry(
                        p,
                        expires,
                        state,
                        new Endpoint(new Address(t.clientHi(id), t.clientLo(id)), t.clientPort(id)),
                        new Endpoint(new Address(t.virtualHi(id), t.virtualLo(id)), t.virtualPort(id)),
                        local,
                        new Endpoint(new Address(t.realHi(id), t.realLo(id)), t.realPort(id))));
            }
        }
        return out;
    }

    @Override
    public synchronized void zero(long id) {
        Counters now = raw(id);
        baseline.put(id, now);
        rates.reset(id, now);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
