package io.jlvs.daemon;

import io.jlvs.api.AdminCommand;
import io.jlvs.api.HealthView;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.proto.Timeouts;
import io.jlvs.core.route.RouteTable;
import io.jlvs.core.worker.OwnedAddresses;
import io.jlvs.core.worker.Snapshot;
import io.jlvs.core.worker.Worker;
import io.jlvs.core.worker.WorkerConfig;
import io.jlvs.daemon.admin.AccessPolicy;
import io.jlvs.daemon.admin.AdminHandler;
import io.jlvs.daemon.admin.AdminServer;
import io.jlvs.daemon.admin.HangupReload;
import io.jlvs.daemon.admin.Reloader;
import io.jlvs.daemon.apply.ConfigCommands;
import io.jlvs.daemon.apply.ConfigReload;
import io.jlvs.daemon.apply.NotYetActedOn;
import io.jlvs.daemon.config.ConfigException;
import io.jlvs.daemon.config.ConfigLoader;
import io.jlvs.daemon.config.JlvsDefs;
import io.jlvs.daemon.config.KeepalivedConfig;
import io.jlvs.daemon.dataplane.DataPlane;
import io.jlvs.daemon.dataplane.DataPlaneStats;
import io.jlvs.daemon.dataplane.IngressPlans;
import io.jlvs.daemon.dataplane.SnapshotFactory;
import io.jlvs.daemon.dataplane.TableTranslator;
import io.jlvs.daemon.drain.DrainController;
import io.jlvs.daemon.drain.DrainSpecs;
import io.jlvs.daemon.drain.DrainingSwitch;
import io.jlvs.daemon.health.CheckFactory;
import io.jlvs.daemon.health.HealthMonitor;
import io.jlvs.daemon.health.RegistrySwitch;
import io.jlvs.daemon.health.ScriptRunner;
import io.jlvs.daemon.health.Ticker;
import io.jlvs.daemon.kernel.NftIngress;
import io.jlvs.daemon.metrics.JlvsMetrics;
import io.jlvs.daemon.metrics.MetricsServer;
import io.jlvs.daemon.registry.Registry;
import io.jlvs.daemon.registry.RegistrySnapshot;
import io.jlvs.daemon.registry.RestoreException;
import io.jlvs.daemon.slowstart.SlowStartTicker;
import io.jlvs.daemon.sysctl.Sysctls;
import io.jlvs.linux.iface.IfAddress;
import io.jlvs.linux.iface.Interfaces;
import io.jlvs.linux.iface.NetInterface;
import io.jlvs.linux.libc.LinuxException;
import io.jlvs.linux.route.RouteWatcher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * jlvsd, the director daemon: owns the VIPs and local addresses of its configuration on the
 * interfaces it is told to serve, forwards their traffic in its data plane, and takes changes
 * from {@code jlvsadm} over the admin socket and from its configuration on reload.
 *
 * <p>Exit codes follow sysexits(3): 0 after a clean stop, 64 for a wrong command line, 78 for a
 * configuration that cannot be used, 71 when the system refuses something (no such interface,
 * no CAP_NET_RAW, a VIP the kernel also owns).
 */
@Command(
        name = "jlvsd",
        mixinStandardHelpOptions = true,
        versionProvider = Jlvsd.Version.class,
        description = "The jlvs director daemon: forwards traffic for the virtual services it owns.",
        sortOptions = false)
public final class Jlvsd implements Callable<Integer> {
    static final int EX_USAGE = 64;
    static final int EX_OSERR = 71;
    static final int EX_CONFIG = 78;

    private static final Logger log = LoggerFactory.getLogger(Jlvsd.class);

    @Option(
            names = {"-f", "--config"},
            paramLabel = "FILE",
            description = "keepalived.conf-style configuration (the LVS part and jlvs_defs)")
    Path config;

    @Option(
            names = {"-i", "--interface"},
            paramLabel = "NAME",
            description = "interface to serve (repeatable; adds to jlvs_defs interface)")
    List<String> interfaces = new ArrayList<>();

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "data-plane worker threads (default: jlvs_defs, else 1)")
    Integer workers;

    @Option(
            names = "--socket",
            paramLabel = "PATH",
            description = "admin socket (default: jlvs_defs, else /run/jlvs/jlvsd.sock)")
    Path socket;

    @Option(names = "--conn-table-size", paramLabel = "N", description = "connections tracked, over all workers")
    Integer connTableSize;

    @Option(names = "--check", description = "check the configuration and exit")
    boolean checkOnly;

    private final AtomicLong version = new AtomicLong();
    private final TableTranslator translator = new TableTranslator();
    private final NftIngress nft = new NftIngress();
    private volatile List<NetInterface> served = List.of();
    private volatile RouteTable routes = new RouteTable(List.of());
    /** The protocol timeouts before {@code --set} and per-service ones: the kernel's defaults. */
    private final Timeouts defaultTimeouts = Timeouts.defaults(Worker.TICKS_PER_SECOND);
    /** expire_nodest_conn and the others: jlvs_defs at start, then {@code jlvsadm --sysctl}. */
    private Sysctls sysctls;

    private DrainController drains;
    private DataPlane dataPlane;
    private DataPlaneStats stats;
    private Registry registry;
    /** The addresses owned as of the last snapshot published, to announce only new ones. */
    private List<OwnedAddresses.Owned> announced = List.of();
    /** The registry generation last turned into a data-plane snapshot. */
    private long appliedGeneration = -1;
    /** The health checkers; null without a configuration. */
    private HealthMonitor health;

    public static void main(String[] args) {
        int code = new CommandLine(new Jlvsd())
                .setParameterExceptionHandler((ex, a) -> {
                    ex.getCommandLine().getErr().println("jlvsd: " + ex.getMessage());
                    ex.getCommandLine().getErr().println("Try 'jlvsd --help' for more information.");
                    return EX_USAGE;
                })
                .execute(args);
        System.exit(code);
    }

    @Override
    public Integer call() throws Exception {
        KeepalivedConfig cfg = null;
        if (config != null) {
            try {
                cfg = ConfigLoader.load(config);
                ConfigCommands.of(cfg); // refuses what cannot be a table
                NotYetActedOn.warnings(cfg).forEach(w -> log.warn("{}", w));
            } catch (ConfigException e) {
                System.err.println("jlvsd: " + e.getMessage());
                return EX_CONFIG;
            } catch (IllegalArgumentException e) {
                System.err.println("jlvsd: " + config + ": " + e.getMessage());
                return EX_CONFIG;
            }
        }
        JlvsDefs defs = cfg == null ? JlvsDefs.DEFAULT : cfg.jlvsDefs();
        Set<String> names = new LinkedHashSet<>(defs.interfaces());
        names.addAll(interfaces);
        int nWorkers = workers != null ? workers : defs.workers();
        int tableSize = connTableSize != null ? connTableSize : defs.connTableSize();
        Path adminSocket = socket != null ? socket : defs.adminSocket();
        if (nWorkers < 1) {
            System.err.println("jlvsd: --workers must be at least 1");
            return EX_USAGE;
        }

        stats = new DataPlaneStats(new DataPlaneStats.DataPlaneView() {
            @Override
            public List<Worker> workers() {
                return dataPlane == null ? List.of() : dataPlane.workers();
            }

            @Override
            public long tick(int worker) {
                return dataPlane == null ? 0 : dataPlane.tick(worker);
            }
        });
        registry = new Registry(tableSize, stats);
        sysctls = new Sysctls(defs.expireNodestConn(), defs.expireQuiescentTemplate(), defs.synProxy());
        DrainSpecs drainSpecs = new DrainSpecs(sysctls);
        if (cfg != null) {
            drainSpecs.configure(ConfigCommands.drainPolicies(cfg));
        }
        drains = new DrainController(registry, stats::drainFigures, drainSpecs);
        List<AdminCommand> commands = List.of();
        if (cfg != null) {
            ScriptRunner scripts = new ScriptRunner(
                    cfg.globalDefs().scriptUser(), cfg.globalDefs().scriptGroup());
            // drain_on_failure: a failing server drains instead of leaving at once.
            health = new HealthMonitor(
                    cfg,
                    new DrainingSwitch(new RegistrySwitch(registry), registry, drains),
                    scripts,
                    CheckFactory.standard(scripts),
                    Ticker.SYSTEM);
            // The configured table as the checkers' initial state has it (alpha servers out).
            commands = health.table();
        }
        try {
            registry.restore(commands);
        } catch (RestoreException e) {
            System.err.println("jlvsd: " + config + ": the configuration cannot be applied: " + e.getMessage());
            return EX_CONFIG;
        }
        if (checkOnly) {
            System.out.println("jlvsd: " + config + ": configuration OK, "
                    + registry.snapshot().services().size() + " virtual service(s)");
            return 0;
        }
        if (names.isEmpty()) {
            System.err.println("jlvsd: no interface to serve: give --interface NAME (or 'interface' in jlvs_defs)");
            return EX_USAGE;
        }
        try {
            List<NetInterface> found = new ArrayList<>();
            for (String n : names) {
                found.add(Interfaces.byName(n));
            }
            served = List.copyOf(found);
            routes = io.jlvs.linux.route.Routes.read();
        } catch (LinuxException e) {
            System.err.println("jlvsd: " + e.getMessage());
            return EX_OSERR;
        }

        Snapshot initial = snapshot(registry.snapshot());
        String conflict = kernelOwns(initial.owned());
        if (conflict != null) {
            System.err.println("jlvsd: " + conflict);
            return EX_OSERR;
        }
        List<String> sides = new ArrayList<>();
        for (NetInterface n : served) {
            sides.add(n.name());
        }
        try {
            dataPlane = new DataPlane(
                    sides,
                    nWorkers,
                    WorkerConfig.defaults().withConnCapacity(Math.max(1024, tableSize / nWorkers)),
                    initial,
                    0x4A00);
        } catch (LinuxException e) {
            System.err.println("jlvsd: " + e.getMessage());
            return EX_OSERR;
        }
        registry.addListener(this::apply); // delivers the current table at once
        registry.reportDrainsWith(drains::progress);
        sysctls.onChange(this::reapply);
        Reloader reloader = config == null ? null : new ConfigReload(config, registry, sysctls, cfg, health, drains);

        AdminServer admin;
        try {
            admin = AdminServer.start(
                    adminSocket,
                    new AdminHandler(registry, reloader, drains, sysctls, this::healthView),
                    AccessPolicy.rootOrDaemonUser());
        } catch (java.io.IOException e) {
            System.err.println("jlvsd: cannot open the admin socket " + adminSocket + ": " + e.getMessage());
            dataPlane.close();
            nft.remove();
            return EX_OSERR;
        }
        HangupReload.install(reloader); // SIGHUP = jlvsadm --reload
        RouteWatcher watcher = RouteWatcher.start(table -> {
            routes = table;
            reapply();
        });
        MetricsServer metrics = startMetrics(defs, watcher);
        SlowStartTicker slowStarts = new SlowStartTicker(registry::advanceSlowStarts);
        dataPlane.start();
        dataPlane.announce();
        if (health != null) {
            health.announceStart();
            health.start();
        }
        log.info(
                "serving {} with {} worker(s); owns {}; admin socket {}",
                names,
                nWorkers,
                describe(dataPlane.current().owned()),
                adminSocket);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            log.info("stopping: releasing {}", describe(dataPlane.current().owned()));
            if (health != null) {
                health.stop(); // omega: the down scripts run now
            }
            watcher.close();
            try {
                admin.close();
            } catch (java.io.IOException e) {
                log.warn("closing the admin socket: {}", e.getMessage());
            }
            if (metrics != null) {
                metrics.close();
            }
            slowStarts.close();
            drains.close();
            dataPlane.close();
            stats.close();
            try {
                nft.remove();
            } catch (java.io.IOException e) {
                log.warn("could not remove the nftables table: {}", e.getMessage());
            }
            log.info("stopped");
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    /** Prometheus text on {@code metrics_listen}; jlvsd forwards without it if the port is taken. */
    private MetricsServer startMetrics(JlvsDefs defs, RouteWatcher watcher) {
        var listen = defs.metricsListen();
        try {
            java.net.InetAddress addr = java.net.InetAddress.getByName(
                    InetAddr.format(listen.address().hi(), listen.address().lo()));
            MetricsServer m = MetricsServer.start(
                    new java.net.InetSocketAddress(addr, listen.port()),
                    new JlvsMetrics(registry::view, this::healthView, () -> {
                        DataPlane.Totals t = dataPlane.totals();
                        // Route-change notifications lost to a full netlink buffer (a re-dump follows).
                        t.events().put("route_watch_overrun", watcher.overruns());
                        return t;
                    }));
            log.info("metrics on http://{}:{}/metrics", listen.address(), listen.port());
            return m;
        } catch (java.io.IOException e) {
            log.warn("metrics not served on {}:{}: {}", listen.address(), listen.port(), e.getMessage());
            return null;
        }
    }

    // The registry changed (or routes did): a new snapshot for the workers, the kernel's ingress
    // drop kept in step, and gratuitous ARP for addresses newly owned.
    private synchronized void apply(RegistrySnapshot snap) {
        if (dataPlane == null || snap.generation() < appliedGeneration) {
            return; // a newer table was applied meanwhile
        }
        appliedGeneration = snap.generation();
        Snapshot s = snapshot(snap);
        dataPlane.publish(s);
        try {
            nft.apply(IngressPlans.of(s, served));
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("nftables ingress drop not updated: {}", e.getMessage());
        }
        List<OwnedAddresses.Owned> now = s.owned().list();
        if (!now.equals(announced)) {
            log.info("owns {}", describe(s.owned()));
            if (!announced.containsAll(now)) {
                dataPlane.announce();
            }
            announced = now;
        }
    }

    /** Routes changed: the newest table again, read under the lock so no older one can win. */
    private synchronized void reapply() {
        apply(registry.snapshot());
    }

    private Snapshot snapshot(RegistrySnapshot snap) {
        TableTranslator.Result t = translator.translate(snap);
        stats.mapping(t);
        var api = snap.timeouts();
        Timeouts timeouts = defaultTimeouts.withIpvsadmSet(api.tcp(), api.tcpFin(), api.udp());
        for (var svc : t.table().services()) {
            if (svc.establishedTimeout() > 0) {
                timeouts = timeouts.withEstablishedTimeout(svc.id(), svc.establishedTimeout());
            }
        }
        return SnapshotFactory.build(
                version.incrementAndGet(),
                t.table(),
                served,
                routes,
                new SnapshotFactory.Settings(
                        timeouts,
                        sysctls.expireNodestConn(),
                        sysctls.expireQuiescentTemplate(),
                        sysctls.connReuseMode(),
                        sysctls.synProxy()));
    }

    private HealthView healthView() {
        return health == null ? new HealthView(List.of()) : health.view();
    }

    /** The kernel must not own what jlvs owns (DESIGN.md §3.9), or both would answer. */
    private static String kernelOwns(OwnedAddresses owned) {
        for (var entry : Interfaces.addresses().entrySet()) {
            for (IfAddress a : entry.getValue()) {
                for (OwnedAddresses.Owned o : owned.list()) {
                    if (a.hi() == o.hi() && a.lo() == o.lo()) {
                        String addr = InetAddr.format(o.hi(), o.lo());
                        return addr + " is configured on this host's kernel (interface index " + entry.getKey()
                                + "); the kernel would answer for it too. Remove it (ip addr del " + addr
                                + "/... dev ...) and let jlvsd own it.";
                    }
                }
            }
        }
        return null;
    }

    private static String describe(OwnedAddresses owned) {
        List<String> out = new ArrayList<>();
        for (OwnedAddresses.Owned o : owned.list()) {
            out.add(o.kind().label() + " " + InetAddr.format(o.hi(), o.lo()));
        }
        return out.isEmpty() ? "no address" : String.join(", ", out);
    }

    /** The version picocli prints, from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Jlvsd.class.getPackage().getImplementationVersion();
            return new String[] {"jlvsd " + (v == null ? "(development build)" : v)};
        }
    }
}
