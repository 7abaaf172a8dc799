package io.jlvs.daemon.apply;

import io.jlvs.api.AdminCommand;
import io.jlvs.daemon.admin.Reloader;
import io.jlvs.daemon.config.ConfigDiff;
import io.jlvs.daemon.config.ConfigLoader;
import io.jlvs.daemon.config.KeepalivedConfig;
import io.jlvs.daemon.health.HealthMonitor;
import io.jlvs.daemon.registry.Registry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reload, whoever asks for it ({@code jlvsadm --reload} or SIGHUP): the file is read again, the
 * difference from the live table applied as one change, and the result logged as a diff of the
 * configuration. A file that does not load, or a table the registry refuses, changes nothing:
 * the exception says why and the running table stays.
 */
public final class ConfigReload implements Reloader {
    private static final Logger log = LoggerFactory.getLogger(ConfigReload.class);

    private final Path file;
    private final Registry registry;
    private final HealthMonitor health;
    /** The configuration as last loaded, to log a reload as a diff against it. */
    private KeepalivedConfig loaded;

    /**
     * @param loaded what the registry was filled from at start
     * @param health the health checkers, whose state filters the new table (a server that is down
     *     stays out, a new one starts as alpha says); null to take the configuration as it is
     */
    public ConfigReload(Path file, Registry registry, KeepalivedConfig loaded, HealthMonitor health) {
        this.file = file;
        this.registry = registry;
        this.loaded = loaded;
        this.health = health;
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
        HealthMonitor.TableApplier apply = desired -> {
            List<AdminCommand> c = Reconciler.commands(registry.snapshot(), desired);
            registry.restore(c);
            changes.addAll(c);
        };
        if (health != null) {
            health.reload(next, apply); // the configured table filtered by health state
        } else {
            apply.apply(configured);
        }
        String summary = changes.isEmpty() ? "no change" : changes.size() + " change(s)";
        log.info("reloaded {}: {}", file, summary);
        for (String line : ConfigDiff.between(loaded, next).logLines()) {
            log.info("  {}", line);
        }
        loaded = next;
        return summary;
    }
}
