package io.jlvs.daemon.sysctl;

import io.jlvs.core.service.DrainSpec;
import io.jlvs.core.synproxy.SynProxySettings;
import io.jlvs.core.worker.Snapshot;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The settings an IPVS operator knows as {@code /proc/sys/net/ipv4/vs/*}, under the same names,
 * alibaba/LVS's {@code synproxy_*}, plus jlvs's drain pacing. Read by the snapshot builder and the
 * drain controller; changed by {@code jlvsadm --sysctl name=value} and by the configuration's
 * {@code jlvs_defs} (at start, and at a reload that changes one).
 */
public final class Sysctls {
    /** A rejected setting: unknown name or a value out of range. */
    public static final class BadSetting extends Exception {
        private static final long serialVersionUID = 1L;

        BadSetting(String message) {
            super(message);
        }
    }

    /**
     * Each setting with its range; its name is the constant's, in lower case. alibaba/LVS's {@code
     * synproxy_*} come from {@link SynProxySettings.Field}, under the same names and ranges.
     */
    private enum Setting {
        EXPIRE_NODEST_CONN(0, 1, "1: flows of a removed real server are reset to both ends at once"),
        EXPIRE_QUIESCENT_TEMPLATE(0, 1, "1: persistence templates of weight-0 servers expire"),
        CONN_REUSE_MODE(
                0,
                3,
                "bit 1: a SYN reusing a client port whose connection is in TIME_WAIT is scheduled afresh;"
                        + " bit 2: also in FIN_WAIT (DR, TUN); 0: it goes to the same real server"),
        DRAIN_TIMEOUT(0, 86400 * 31, "seconds: default deadline of jlvsadm --drain"),
        DRAIN_IDLE_GRACE_MS(0, 3_600_000, "ms of quiet after which a draining flow is idle"),
        DRAIN_BUSY_AFTER_MS(0, 3_600_000, "ms into a drain from which busy flows are closed too"),
        DRAIN_CLOSES_PER_SECOND(1, 10_000_000, "graceful closes per second over all workers");

        final String key = name().toLowerCase(Locale.ROOT);
        final long min;
        final long max;
        final String doc;

        Setting(long min, long max, String doc) {
            this.min = min;
            this.max = max;
            this.doc = doc;
        }
    }

    /** By {@link Setting#ordinal()}; guarded by {@code this}. */
    private final long[] values = new long[Setting.values().length];
    /** Guarded by {@code this}. */
    private SynProxySettings synProxy;

    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** The IPVS and SYNPROXY sysctls as {@code jlvs_defs} sets them; the others start at their defaults. */
    public Sysctls(boolean expireNodestConn, boolean expireQuiescentTemplate, SynProxySettings synProxy) {
        values[Setting.EXPIRE_NODEST_CONN.ordinal()] = expireNodestConn ? 1 : 0;
        values[Setting.EXPIRE_QUIESCENT_TEMPLATE.ordinal()] = expireQuiescentTemplate ? 1 : 0;
        values[Setting.CONN_REUSE_MODE.ordinal()] = Snapshot.DEFAULT_CONN_REUSE_MODE;
        values[Setting.DRAIN_TIMEOUT.ordinal()] = DrainSpec.DEFAULT_TIMEOUT_MILLIS / 1000;
        values[Setting.DRAIN_IDLE_GRACE_MS.ordinal()] = DrainSpec.DEFAULT_IDLE_GRACE_MILLIS;
        values[Setting.DRAIN_BUSY_AFTER_MS.ordinal()] = DrainSpec.DEFAULT_BUSY_AFTER_MILLIS;
        values[Setting.DRAIN_CLOSES_PER_SECOND.ordinal()] = DrainSpec.DEFAULT_CLOSES_PER_SECOND;
        this.synProxy = Objects.requireNonNull(synProxy, "synProxy");
    }

    /** Called after each change (jlvsd republishes its snapshot). */
    public void onChange(Runnable r) {
        listeners.add(r);
    }

    /** Every setting by name, as text. */
    public synchronized Map<String, String> all() {
        Map<String, String> out = new TreeMap<>();
        for (Setting s : Setting.values()) {
            out.put(s.key, Long.toString(values[s.ordinal()]));
        }
        for (SynProxySettings.Field f : SynProxySettings.Field.values()) {
            out.put(f.sysctl, Integer.toString(synProxy.get(f)));
        }
        return out;
    }

    /** Sets {@code name} to {@code value} (decimal), or refuses with a message naming the range. */
    public void set(String name, String value) throws BadSetting {
        Setting s = Arrays.stream(Setting.values())
                .filter(k -> k.key.equals(name))
                .findFirst()
                .orElse(null);
        SynProxySettings.Field f =
                s != null ? null : SynProxySettings.Field.bySysctl(name).orElse(null);
        if (s == null && f == null) {
            throw new BadSetting("unknown setting `" + name + "'; known: " + String.join(", ", all().keySet()));
        }
        long min = s != null ? s.min : f.min;
        long max = s != null ? s.max : f.max;
        String doc = s != null ? s.doc : f.doc;
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadSetting(name + ": `" + value + "' is not a number (" + doc + ")");
        }
        if (v < min || v > max) {
            throw new BadSetting(name + ": " + v + " is out of range " + min + ".." + max + " (" + doc + ")");
        }
        synchronized (this) {
            if (s != null) {
                values[s.ordinal()] = v;
            } else {
                synProxy = synProxy.with(f, (int) v);
            }
        }
        listeners.forEach(Runnable::run);
    }

    public int connReuseMode() {
        return (int) get(Setting.CONN_REUSE_MODE);
    }

    public boolean expireNodestConn() {
        return get(Setting.EXPIRE_NODEST_CONN) != 0;
    }

    public boolean expireQuiescentTemplate() {
        return get(Setting.EXPIRE_QUIESCENT_TEMPLATE) != 0;
    }

    /** The SYNPROXY settings as they stand (each already held to its range by {@link #set}). */
    public synchronized SynProxySettings synProxy() {
        return synProxy;
    }

    public long drainTimeoutMillis() {
        return get(Setting.DRAIN_TIMEOUT) * 1000;
    }

    /**
     * The drain a {@code --drain} gets, with this deadline and idle grace (null: the setting);
     * both are held to the ranges their settings have.
     */
    public synchronized DrainSpec drainSpec(long timeoutMillis, Long idleGraceMillis) throws BadSetting {
        check("drain timeout (ms)", timeoutMillis, Setting.DRAIN_TIMEOUT.min * 1000, Setting.DRAIN_TIMEOUT.max * 1000);
        if (idleGraceMillis != null) {
            check("idle grace (ms)", idleGraceMillis, Setting.DRAIN_IDLE_GRACE_MS.min, Setting.DRAIN_IDLE_GRACE_MS.max);
        }
        return new DrainSpec(
                timeoutMillis,
                idleGraceMillis != null ? idleGraceMillis : get(Setting.DRAIN_IDLE_GRACE_MS),
                get(Setting.DRAIN_BUSY_AFTER_MS),
                (int) get(Setting.DRAIN_CLOSES_PER_SECOND));
    }

    private static void check(String what, long v, long min, long max) throws BadSetting {
        if (v < min || v > max) {
            throw new BadSetting(what + ": " + v + " is out of range " + min + ".." + max);
        }
    }

    private synchronized long get(Setting s) {
        return values[s.ordinal()];
    }
}
