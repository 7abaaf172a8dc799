package io.jlvs.daemon.apply;

import io.jlvs.api.AdminCommand;
import io.jlvs.api.Endpoint;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.daemon.admin.Reloader;
import io.jlvs.daemon.config.ConfigDiff;
import io.jlvs.daemon.config.ConfigLoader;
import io.jlvs.daemon.config.DrainPolicy;
import io.jlvs.daemon.config.FieldChange;
import io.jlvs.daemon.config.KeepalivedConfig;
import io.jlvs.daemon.drain.DrainController;
import io.jlvs.daemon.health.HealthMonitor;
import io.jlvs.daemon.registry.RealServerEntry;
import io.jlvs.daemon.registry.Registry;
import io.jlvs.daemon.sysctl.Sysctls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reload, whoever asks for it ({@code jlvsadm --reload} or SIGHUP): the file is read again, the
 * difference from the live table applied as one change, and the result logged as a diff of the
 * configuration. A file that does not load, or a table the registry refuses, changes nothing:
 * the exception says why and the running table stays.
 *
 * <p>A {@code jlvs_defs} setting that {@code jlvsadm --sysctl} also sets takes the file's value
 * when the file changes it (one the file leaves as it was keeps what {@code --sysctl} made it); the
 * others (interfaces, workers, table size, sockets) are read at start only, and a change to one is
 * logged as waiting for a restart.
 */
public final class ConfigReload implements Reloader {
    private static final Logger log = LoggerFactory.getLogger(ConfigReload.class);

    private final Path file;
    private final Registry registry;
    private final Sysctls sysctls;
    private final HealthMonitor health;
    private final DrainController drains;
    /** The configuration as last loaded, to log a reload as a diff against it. */
    private KeepalivedConfig loaded;
    /** Real servers a reload removed and that drain under {@code drain_on_removal}. */
    private final Set<RemovedServer> drainedByRemoval = new HashSet<>();

    private record RemovedServer(ServiceKey service, Endpoint server) {}

    /**
     * @param sysctls the settings jlvsd started with from {@code jlvs_defs}, which a reload that changes
     *     one sets
     * @param loaded what the registry was filled from at start
     * @param health the health checkers, whose state filters the new table (a server that is down
     *     stays out, a new one starts as alpha says); null to take the configuration as it is
     * @param drains drains the real servers a reload removes from services with {@code
     *     drain_on_removal}; null to delete them at once whatever the configuration says
     */
    public ConfigReload(
            Path file,
            Registry registry,
            Sysctls sysctls,
            KeepalivedConfig loaded,
            HealthMonitor health,
            DrainController drains) {
        this.file = file;
        this.registry = registry;
        this.sysctls = Objects.requireNonNull(sysctls, "sysctls");
        this.loaded = loaded;
        this.health = health;
        this.drains = drains;
    }

    /** A configuration that parses but cannot be turned into a table (an undefined group, ...). */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    @Override
    public synchronized String reload() throws Exception {
        KeepalivedConfig next = ConfigLoader.load(file);
        List<AdminCommand> configured;
        try {
            configured = ConfigCommands.of(next);
        } catch (IllegalArgumentException e) {
            throw new Refused(file + ": " + e.getMessage());
        }
        NotYetActedOn.warnings(next).forEach(w -> log.warn("{}", w));
        List<AdminCommand> changes = new ArrayList<>();
        Map<ServiceKey, DrainPolicy> policies = ConfigCommands.drainPolicies(next);
        List<RemovedServer> toDrain = new ArrayList<>();
        HealthMonitor.TableApplier apply = desired -> {
            List<AdminCommand> c = new ArrayList<>(Reconciler.commands(registry.snapshot(), desired));
            toDrain.addAll(withDrains(c, desired, policies));
            registry.restore(c);
            changes.addAll(c);
            c.forEach(x -> {
                if (x instanceof AdminCommand.AddServer(ServiceKey key, RealServerConfig server)) {
                    drainedByRemoval.remove(new RemovedServer(key, server.endpoint()));
                }
            });
        };
        if (health != null) {
            health.reload(next, apply); // the configured table filtered by health state
        } else {
            apply.apply(configured);
        }
        if (drains != null) {
            drains.specs().configure(policies);
            for (RemovedServer r : toDrain) {
                drains.drain(r.service(), r.server(), null, null, false);
                drainedByRemoval.add(r);
                log.info("reload removes {} of {}: draining it first (drain_on_removal)", r.server(), r.service());
            }
        }
        ConfigDiff diff = ConfigDiff.between(loaded, next);
        int settings = applySettings(diff.settings());
        String summary = changes.isEmpty() && toDrain.isEmpty() && settings == 0
                ? "no change"
                : changes.size() + " change(s)"
                        + (toDrain.isEmpty() ? "" : ", " + toDrain.size() + " drain(s)")
                        + (settings == 0 ? "" : ", " + settings + " setting(s)");
        log.info("reloaded {}: {}", file, summary);
        for (String line : diff.logLines()) {
            log.info("  {}", line);
        }
        loaded = next;
        return summary;
    }

    /**
     * Sets the {@code jlvs_defs} settings among {@code changes} that are also {@code jlvsadm
     * --sysctl}'s (the same names and values: alibaba's and IPVS's sysctls); warns of the other
     * {@code jlvs_defs} ones. Returns how many were set.
     */
    private int applySettings(List<FieldChange> changes) throws Sysctls.BadSetting {
        int set = 0;
        for (FieldChange c : changes) {
            if (!c.field().startsWith(JLVS_DEFS)) {
                continue;
            }
            String name = c.field().substring(JLVS_DEFS.length());
            if (sysctls.all().containsKey(name)) {
                sysctls.set(name, c.after());
                set++;
            } else {
                log.warn("{} changed: jlvsd reads it at start only; it takes effect at the next restart", c.field());
            }
        }
        return set;
    }

    private static final String JLVS_DEFS = "jlvs_defs ";

    /**
     * Edits {@code commands} for drains: a real server the reload deletes from a service with {@code
     * drain_on_removal} is drained rather than deleted (returned, to drain once the table is in),
     * and one such drain's server that the configuration has again is added back, which ends its
     * drain with its flows untouched.
     */
    private List<RemovedServer> withDrains(
            List<AdminCommand> commands, List<AdminCommand> desired, Map<ServiceKey, DrainPolicy> policies) {
        List<RemovedServer> out = new ArrayList<>();
        if (drains == null) {
            return out;
        }
        drainedByRemoval.removeIf(r -> registry.snapshot()
                .service(r.service())
                .flatMap(s -> s.realServer(r.server()))
                .filter(RealServerEntry::draining)
                .isEmpty());
        commands.removeIf(c -> {
            if (c instanceof AdminCommand.DeleteServer(ServiceKey key, Endpoint server)
                    && policies.getOrDefault(key, DrainPolicy.DEFAULT).drainOnRemoval()) {
                out.add(new RemovedServer(key, server));
                return true;
            }
            return false;
        });
        for (AdminCommand c : desired) {
            if (c instanceof AdminCommand.AddServer(ServiceKey key, RealServerConfig server)
                    && drainedByRemoval.contains(new RemovedServer(key, server.endpoint()))) {
                // Back in the configuration: adding it again ends its drain (an edit would keep it).
                commands.removeIf(x -> x instanceof AdminCommand.EditServer(ServiceKey k, RealServerConfig r)
                        && k.equals(key)
                        && r.endpoint().equals(server.endpoint()));
                commands.add(c);
            }
        }
        return out;
    }
}
