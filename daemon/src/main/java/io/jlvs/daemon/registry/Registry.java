package io.jlvs.daemon.registry;

import io.jlvs.api.Address;
import io.jlvs.api.AdminCommand;
import io.jlvs.api.ConnectionEntry;
import io.jlvs.api.DrainProgress;
import io.jlvs.api.Endpoint;
import io.jlvs.api.Family;
import io.jlvs.api.ForwardMethod;
import io.jlvs.api.LocalAddressStatus;
import io.jlvs.api.Protocol;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.RealServerStatus;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.api.ServiceStatus;
import io.jlvs.api.SlowStartProgress;
import io.jlvs.api.TableView;
import io.jlvs.api.Timeouts;
import io.jlvs.core.service.DrainSpec;
import io.jlvs.core.service.SchedulerNames;
import io.jlvs.daemon.slowstart.SlowStart;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The live table with the kernel's semantics for every mutation.
 *
 * <p>Each change is checked where {@code ip_vs_ctl.c} checks it, in the same order, and refused
 * with the same errno: a missing service is ESRCH, an existing one EEXIST, an unknown scheduler
 * ENOENT, a real server of another family than its service (unless tunnelled), a non-unicast
 * address or an impossible netmask EINVAL, a negative weight or a lower threshold above the upper
 * one ERANGE. A few rules ipvsadm enforces on its side are enforced here too, because the JSON
 * API has other clients and the table must stay one ipvsadm could have built: a port-0 service is
 * persistent, one-packet scheduling is for UDP, a real server reached by routing or tunnelling
 * listens on the service's port, a weight fits in 0..65535.
 *
 * <p>Changes are serialized; each accepted one publishes a new {@link RegistrySnapshot} to the
 * listeners, in order, under the change lock. A restore applies its whole batch to a draft and
 * publishes once, or not at all. Reads ({@link #snapshot()}, {@link #view()}) take no lock: the
 * current snapshot is one volatile field, so a listing never waits behind a listener's work, and a
 * listener (or a thread it waits for) may read the registry without deadlocking.
 */
public final class Registry {
    /** The IPVS version whose interface and semantics jlvsd reproduces; every Linux since 2.6 reports it. */
    public static final String IPVS_VERSION = "1.2.1";

    /** Longest timeout ipvsadm accepts (MAX_TIMEOUT, 31 days), seconds. */
    public static final int MAX_TIMEOUT = 86400 * 31;

    private final int connTableSize;
    private final StatsSource stats;
    /** Nanoseconds, for slow starts. */
    private final LongSupplier clock;

    private final List<SnapshotListener> listeners = new CopyOnWriteArrayList<>();
    /** Written only under the lock; read without it. */
    private volatile RegistrySnapshot current = new RegistrySnapshot(0, List.of(), Timeouts.DEFAULTS);

    private long lastId;
    private volatile Function<RealServerEntry, DrainProgress> drains = e -> null;

    /**
     * @param connTableSize the data plane's connection-table capacity, shown by {@code -L}
     * @param stats where counters, rates and connections are read
     */
    public Registry(int connTableSize, StatsSource stats) {
        this(connTableSize, stats, System::nanoTime);
    }

    /** @param clock nanoseconds, as {@link System#nanoTime()}: when slow starts begin and how far they are */
    public Registry(int connTableSize, StatsSource stats, LongSupplier clock) {
        if (connTableSize < 0) {
            throw new IllegalArgumentException("connection table size " + connTableSize);
        }
        this.connTableSize = connTableSize;
        this.stats = Objects.requireNonNull(stats, "stats");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Where the listing finds the progress of a drain (the drain controller); none by default. */
    public void reportDrainsWith(Function<RealServerEntry, DrainProgress> progress) {
        this.drains = Objects.requireNonNull(progress, "progress");
    }

    /** Adds a listener and hands it the current snapshot at once. */
    public synchronized void addListener(SnapshotListener listener) {
        listeners.add(listener);
        listener.published(current);
    }

    public RegistrySnapshot snapshot() {
        return current;
    }

    public Timeouts timeouts() {
        return current.timeouts();
    }

    /** Applies one change, or refuses it and changes nothing. */
    public synchronized void apply(AdminCommand command) throws IpvsError {
        TableDraft draft = new TableDraft(current);
        applyTo(draft, command);
        commit(draft);
    }

    /** Applies a batch in order, all or nothing: if one is refused, none takes effect. */
    public synchronized void restore(List<? extends AdminCommand> commands) throws RestoreException {
        TableDraft draft = new TableDraft(current);
        for (int i = 0; i < commands.size(); i++) {
            try {
                applyTo(draft, commands.get(i));
            } catch (IpvsError e) {
                throw new RestoreException(i, e);
            }
        }
        commit(draft);
    }

    /**
     * Marks a real server draining under {@code drain} (no new connections, whatever its weight), or
     * not when null; the drain controller's switch.
     */
    public synchronized void setDraining(ServiceKey service, Endpoint server, DrainSpec drain) throws IpvsError {
        TableDraft draft = new TableDraft(current);
        TableDraft.Service s = draft.services.get(service);
        if (s == null) {
            throw new IpvsError(IpvsCall.UPDATE_DEST, Errno.ESRCH);
        }
        int i = s.indexOf(server.address(), server.port());
        if (i < 0) {
            throw new IpvsError(IpvsCall.UPDATE_DEST, Errno.ENOENT);
        }
        RealServerEntry r = s.realServers.get(i);
        if (r.drain() != drain) {
            // A drain ends a slow start; the end of one leaves the server at weight 0, nothing to
            // ramp (it comes back by an add or an edit to a weight, which ramp).
            s.realServers.set(i, new RealServerEntry(r.id(), r.config(), drain, null));
            draft.changed = true;
        }
        commit(draft);
    }

    /**
     * Moves every slow start to its share at this instant, ending those whose window is over, and
     * publishes once if any share changed; the slow-start ticker calls it a few times a second.
     */
    public synchronized void advanceSlowStarts() {
        long now = clock.getAsLong();
        TableDraft draft = new TableDraft(current);
        for (TableDraft.Service s : draft.services.values()) {
            for (int i = 0; i < s.realServers.size(); i++) {
                RealServerEntry r = s.realServers.get(i);
                if (r.slowStart() == null) {
                    continue;
                }
                SlowStart next = r.slowStart().at(now);
                if (next != r.slowStart()) {
                    s.realServers.set(i, new RealServerEntry(r.id(), r.config(), r.drain(), next));
                    draft.changed = true;
                }
            }
        }
        commit(draft);
    }

    /** The whole table with its figures, in registry order. */
    public TableView view() {
        RegistrySnapshot s = snapshot();
        List<ServiceStatus> list = new ArrayList<>(s.services().size());
        for (VirtualServiceEntry e : s.services()) {
            list.add(status(e));
        }
        return new TableView(IPVS_VERSION, connTableSize, list);
    }

    /** The table with only one service: {@code ipvsadm -L -t ...}. */
    public TableView view(ServiceKey key) throws IpvsError {
        VirtualServiceEntry e =
                snapshot().service(key).orElseThrow(() -> new IpvsError(IpvsCall.GET_SERVICE, Errno.ESRCH));
        return new TableView(IPVS_VERSION, connTableSize, List.of(status(e)));
    }

    public List<ConnectionEntry> connections() {
        return stats.connectionEntries();
    }

    private ServiceStatus status(VirtualServiceEntry e) {
        List<RealServerStatus> reals = new ArrayList<>(e.realServers().size());
        for (RealServerEntry r : e.realServers()) {
            ConnectionCounts c = stats.connections(r.id());
            reals.add(new RealServerStatus(
                    r.config(),
                    r.state(),
                    c.active(),
                    c.inactive(),
                    c.persistent(),
                    stats.counters(r.id()),
                    stats.rates(r.id()),
                    r.draining() ? drains.apply(r) : null,
                    r.ramping() ? slowStartProgress(r.slowStart()) : null));
        }
        List<LocalAddressStatus> locals = new ArrayList<>(e.localAddresses().size());
        for (Address a : e.localAddresses()) {
            locals.add(stats.localAddress(e.id(), a));
        }
        return new ServiceStatus(e.config(), stats.counters(e.id()), stats.rates(e.id()), reals, locals);
    }

    private SlowStartProgress slowStartProgress(SlowStart s) {
        long now = clock.getAsLong();
        return new SlowStartProgress(s.permille(), s.elapsedMillis(now), s.windowMillis());
    }

    /**
     * The slow start a server coming back gets: none without {@code slow_start} or at weight 0, and
     * none when no other server of the service, as last published, takes new connections (nobody
     * to share with: a new service, or all of it coming back at once, as at jlvsd's start).
     */
    private SlowStart comingBack(ServiceKey key, RealServerConfig rs) {
        if (rs.slowStart() <= 0 || rs.weight() == 0) {
            return null;
        }
        boolean others = current.service(key).stream()
                .flatMap(s -> s.realServers().stream())
                .anyMatch(r -> !r.config().endpoint().equals(rs.endpoint())
                        && r.config().weight() > 0
                        && !r.draining());
        return others ? SlowStart.begin(rs.slowStart(), clock.getAsLong()) : null;
    }

    private void commit(TableDraft draft) {
        for (long id : draft.zeroIds) {
            stats.zero(id);
        }
        if (!draft.changed) {
            return;
        }
        RegistrySnapshot next = draft.freeze(current.generation() + 1);
        current = next;
        for (SnapshotListener l : listeners) {
            l.published(next);
        }
    }

    private void applyTo(TableDraft d, AdminCommand command) throws IpvsError {
        switch (command) {
            case AdminCommand.AddService(ServiceConfig cfg) -> addService(d, cfg);
            case AdminCommand.EditService(ServiceConfig cfg) -> editService(d, cfg);
            case AdminCommand.DeleteService(ServiceKey key) -> {
                if (d.services.remove(key) == null) {
                    throw new IpvsError(IpvsCall.DEL_SERVICE, Errno.ESRCH);
                }
                d.changed = true;
            }
            case AdminCommand.Clear() -> {
                d.changed |= !d.services.isEmpty();
                d.services.clear();
            }
            case AdminCommand.Zero(ServiceKey key) -> zero(d, key);
            case AdminCommand.AddServer(ServiceKey key, RealServerConfig rs) -> addServer(d, key, rs);
            case AdminCommand.EditServer(ServiceKey key, RealServerConfig rs) -> editServer(d, key, rs);
            case AdminCommand.DeleteServer(ServiceKey key, Endpoint ep) -> {
                TableDraft.Service s = service(d, key, IpvsCall.DEL_DEST);
                int i = s.indexOf(ep.address(), ep.port());
                if (i < 0) {
                    throw new IpvsError(IpvsCall.DEL_DEST, Errno.ENOENT);
                }
                s.realServers.remove(i);
                d.changed = true;
            }
            case AdminCommand.SetTimeouts(Timeouts t) -> setTimeouts(d, t);
            case AdminCommand.AddLocalAddress(ServiceKey key, Address a) -> {
                TableDraft.Service s = service(d, key, IpvsCall.ADD_LADDR);
                if (a.family() != key.family() || !isUnicast(a)) {
                    throw new IpvsError(IpvsCall.ADD_LADDR, Errno.EINVAL);
                }
                if (s.localAddresses.contains(a)) {
                    throw new IpvsError(IpvsCall.ADD_LADDR, Errno.EEXIST);
                }
                s.localAddresses.add(a);
                d.changed = true;
            }
            case AdminCommand.DeleteLocalAddress(ServiceKey key, Address a) -> {
                TableDraft.Service s = service(d, key, IpvsCall.DEL_LADDR);
                if (!s.localAddresses.remove(a)) {
                    throw new IpvsError(IpvsCall.DEL_LADDR, Errno.ENOENT);
                }
                d.changed = true;
            }
        }
    }

    private void addService(TableDraft d, ServiceConfig cfg) throws IpvsError {
        // ip_vs_genl_set_cmd looks the service up before ip_vs_add_service checks anything.
        if (d.services.containsKey(cfg.key())) {
            throw new IpvsError(IpvsCall.ADD_SERVICE, Errno.EEXIST);
        }
        ServiceConfig checked = checkService(cfg, IpvsCall.ADD_SERVICE);
        d.services.put(cfg.key(), new TableDraft.Service(++lastId, checked, List.of(), List.of()));
        d.changed = true;
    }

    private void editService(TableDraft d, ServiceConfig cfg) throws IpvsError {
        TableDraft.Service s = service(d, cfg.key(), IpvsCall.UPDATE_SERVICE);
        s.config = checkService(cfg, IpvsCall.UPDATE_SERVICE);
        d.changed = true;
    }

    /** ip_vs_add_service / ip_vs_edit_service checks, then ipvsadm's own, as the kernel orders them. */
    private static ServiceConfig checkService(ServiceConfig cfg, IpvsCall call) throws IpvsError {
        ServiceKey key = cfg.key();
        if (!SchedulerNames.isKnown(cfg.scheduler())) {
            throw new IpvsError(call, Errno.ENOENT);
        }
        // No persistence engine (the kernel's only one is "sip") is built into jlvs: the kernel
        // answers ENOENT when the engine's module is not there.
        if (!cfg.persistenceEngine().isEmpty()) {
            throw new IpvsError(call, Errno.ENOENT);
        }
        int maxPrefix = key.family() == Family.INET ? 32 : 128;
        int minPrefix = key.family() == Family.INET ? 0 : 1;
        if (cfg.netmask() < minPrefix || cfg.netmask() > maxPrefix) {
            throw new IpvsError(call, Errno.EINVAL);
        }
        if ((cfg.schedFlags() & ~(ServiceConfig.SCHED_FLAG_1 | ServiceConfig.SCHED_FLAG_2 | ServiceConfig.SCHED_FLAG_3))
                != 0) {
            throw new IpvsError(call, Errno.EINVAL);
        }
        if (cfg.persistent() && (cfg.persistenceTimeout() < 1 || cfg.persistenceTimeout() > MAX_TIMEOUT)) {
            throw new IpvsError(call, Errno.EINVAL);
        }
        if (!key.usesFwmark() && key.port() == 0 && !cfg.persistent()) {
            throw new IpvsError(call, Errno.EINVAL);
        }
        if (cfg.onePacket() && !key.usesFwmark() && key.protocol() != Protocol.UDP) {
            throw new IpvsError(call, Errno.EINVAL);
        }
        if (cfg.synProxy() && !key.usesFwmark() && key.protocol() != Protocol.TCP) {
            throw new IpvsError(call, Errno.EINVAL);
        }
        if (cfg.establishedTimeout() < 0 || cfg.establishedTimeout() > MAX_TIMEOUT) {
            throw new IpvsError(call, Errno.EINVAL);
        }
        if (!key.usesFwmark()
                && !cfg.clientAddress()
                        .mode()
                        .supports(io.jlvs.core.service.Protocol.ofNumber(
                                key.protocol().number()))) {
            // TOA and PROXY v1 ride on TCP only; PROXY v2 also names UDP.
            throw new IpvsError(call, Errno.EINVAL);
        }
        // The kernel keeps a timeout only with the persistent flag; so does the snapshot.
        if (cfg.persistent() || cfg.persistenceTimeout() == 0) {
            return cfg;
        }
        return new ServiceConfig(
                key,
                cfg.scheduler(),
                cfg.schedFlags(),
                false,
                0,
                cfg.netmask(),
                cfg.persistenceEngine(),
                cfg.onePacket(),
                cfg.synProxy(),
                cfg.establishedTimeout(),
                cfg.clientAddress());
    }

    private void addServer(TableDraft d, ServiceKey key, RealServerConfig rs) throws IpvsError {
        TableDraft.Service s = service(d, key, IpvsCall.ADD_DEST);
        checkServer(s, rs, IpvsCall.ADD_DEST);
        int existing = s.indexOf(rs.address(), rs.port());
        if (existing >= 0) {
            RealServerEntry old = s.realServers.get(existing);
            if (!old.draining()) {
                throw new IpvsError(IpvsCall.ADD_DEST, Errno.EEXIST);
            }
            // Adding a server that is draining cancels the drain: it stays (same id, so its flows
            // are untouched) and takes the configuration given, as the kernel's ip_vs_add_dest
            // takes a deleted destination back from its trash with its connections.
            checkPort(key, rs, IpvsCall.ADD_DEST);
            s.realServers.set(existing, new RealServerEntry(old.id(), rs, null, comingBack(key, rs)));
            d.changed = true;
            return;
        }
        // ip_vs_new_dest: only a unicast (or local) address can be a real server.
        if (!isUnicast(rs.address())) {
            throw new IpvsError(IpvsCall.ADD_DEST, Errno.EINVAL);
        }
        checkPort(key, rs, IpvsCall.ADD_DEST);
        s.realServers.add(new RealServerEntry(++lastId, rs, null, comingBack(key, rs)));
        d.changed = true;
    }

    private void editServer(TableDraft d, ServiceKey key, RealServerConfig rs) throws IpvsError {
        TableDraft.Service s = service(d, key, IpvsCall.UPDATE_DEST);
        checkServer(s, rs, IpvsCall.UPDATE_DEST);
        int i = s.indexOf(rs.address(), rs.port());
        if (i < 0) {
            throw new IpvsError(IpvsCall.UPDATE_DEST, Errno.ENOENT);
        }
        checkPort(key, rs, IpvsCall.UPDATE_DEST);
        RealServerEntry old = s.realServers.get(i);
        SlowStart ramp;
        if (old.config().weight() == 0 && rs.weight() > 0 && !old.draining()) {
            ramp = comingBack(key, rs); // from quiescent back to work: as if added
        } else if (old.slowStart() != null && rs.weight() > 0) {
            ramp = old.slowStart().rewindow(rs.slowStart(), clock.getAsLong());
        } else {
            ramp = null;
        }
        s.realServers.set(i, new RealServerEntry(old.id(), rs, old.drain(), ramp));
        d.changed = true;
    }

    /** ip_vs_genl_set_cmd's family rule, then ip_vs_add_dest / ip_vs_edit_dest's range checks. */
    private static void checkServer(TableDraft.Service s, RealServerConfig rs, IpvsCall call) throws IpvsError {
        if (rs.address().family() != s.config.key().family() && rs.forward() != ForwardMethod.TUNNEL) {
            throw new IpvsError(call, Errno.EINVAL);
        }
        if (rs.weight() < 0 || rs.weight() > 65535) {
            throw new IpvsError(call, Errno.ERANGE);
        }
        if (rs.upperThreshold() < 0 || rs.lowerThreshold() < 0 || rs.lowerThreshold() > rs.upperThreshold()) {
            throw new IpvsError(call, Errno.ERANGE);
        }
        if (rs.slowStart() < 0 || rs.slowStart() > RealServerConfig.MAX_SLOW_START) {
            throw new IpvsError(call, Errno.ERANGE);
        }
    }

    /**
     * Routing and tunnelling cannot change the port: ipvsadm sets such a real server's port to the
     * service's, and a client of the JSON API must do the same.
     */
    private static void checkPort(ServiceKey key, RealServerConfig rs, IpvsCall call) throws IpvsError {
        boolean keepsPort = rs.forward() == ForwardMethod.ROUTE || rs.forward() == ForwardMethod.TUNNEL;
        if (keepsPort && !key.usesFwmark() && rs.port() != key.port()) {
            throw new IpvsError(call, Errno.EINVAL);
        }
    }

    private static void zero(TableDraft d, ServiceKey key) throws IpvsError {
        if (key == null) {
            for (TableDraft.Service s : d.services.values()) {
                zeroService(d, s);
            }
            return;
        }
        zeroService(d, service(d, key, IpvsCall.ZERO_SERVICE));
    }

    private static void zeroService(TableDraft d, TableDraft.Service s) {
        d.zeroIds.add(s.id);
        for (RealServerEntry r : s.realServers) {
            d.zeroIds.add(r.id());
        }
    }

    private static void setTimeouts(TableDraft d, Timeouts t) throws IpvsError {
        for (int v : new int[] {t.tcp(), t.tcpFin(), t.udp()}) {
            if (v < 0 || v > MAX_TIMEOUT) {
                throw new IpvsError(IpvsCall.SET_TIMEOUT, Errno.EINVAL);
            }
        }
        Timeouts next = t.appliedTo(d.timeouts);
        if (!next.equals(d.timeouts)) {
            d.timeouts = next;
            d.changed = true;
        }
    }

    private static TableDraft.Service service(TableDraft d, ServiceKey key, IpvsCall call) throws IpvsError {
        TableDraft.Service s = d.services.get(key);
        if (s == null) {
            throw new IpvsError(call, Errno.ESRCH);
        }
        return s;
    }

    /**
     * The kernel's test for a real server or local address: for IPv4 not 0.0.0.0/8, the limited
     * broadcast or multicast ({@code inet_addr_type} is RTN_UNICAST or RTN_LOCAL); for IPv6 a
     * unicast address that is not link-local ({@code ipv6_addr_type}).
     */
    static boolean isUnicast(Address a) {
        if (a.isV4()) {
            int v = a.v4();
            int first = v >>> 24;
            return first != 0 && v != -1 && (first & 0xF0) != 0xE0;
        }
        int top16 = (int) (a.hi() >>> 48);
        boolean unspecified = a.hi() == 0 && a.lo() == 0;
        boolean multicast = (top16 >>> 8) == 0xFF;
        boolean linkLocal = (top16 & 0xFFC0) == 0xFE80;
        return !unspecified && !multicast && !linkLocal;
    }
}
