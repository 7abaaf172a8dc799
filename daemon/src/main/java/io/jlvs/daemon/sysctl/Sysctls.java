package io.jlvs.daemon.sysctl;

import io.jlvs.core.service.DrainSpec;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The settings an IPVS operator knows as {@code /proc/sys/net/ipv4/vs/*}, under the same names,
 * plus jlvs's drain pacing. Read by the snapshot builder and the drain controller; changed by
 * {@code jlvsadm --sysctl name=value} and by the configuration's {@code jlvs_defs}.
 */
public final class Sysctls {
    /** A rejected setting: unknown name or a value out of range. */
    public static final class BadSetting extends Exception {
        private static final long serialVersionUID = 1L;

        BadSetting(String message) {
            super(message);
        }
    }

    private record Range(long min, long max, String doc) {}

    private static final Map<String, Range> KNOWN = Map.of(
            "expire_nodest_conn", new Range(0, 1, "1: flows of a removed real server are reset to both ends at once"),
            "expire_quiescent_template", new Range(0, 1, "1: persistence templates of weight-0 servers expire"),
            "drain_timeout", new Range(0, 86400 * 31, "seconds: default deadline of jlvsadm --drain"),
            "drain_idle_grace_ms", new Range(0, 3_600_000, "ms of quiet after which a draining flow is idle"),
            "drain_busy_after_ms", new Range(0, 3_600_000, "ms into a drain from which busy flows are closed too"),
            "drain_closes_per_second", new Range(1, 10_000_000, "graceful closes per second over all workers"));

    private final Map<String, Long> values = new TreeMap<>();
    private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

    public Sysctls(
            boolean expireNodestConn, boolean expireQuiescentTemplate, long drainTimeoutSeconds, long idleGraceMillis) {
        values.put("expire_nodest_conn", expireNodestConn ? 1L : 0L);
        values.put("expire_quiescent_template", expireQuiescentTemplate ? 1L : 0L);
        values.put("drain_timeout", drainTimeoutSeconds);
        values.put("drain_idle_grace_ms", idleGraceMillis);
        values.put("drain_busy_after_ms", DrainSpec.DEFAULT_BUSY_AFTER_MILLIS);
        values.put("drain_closes_per_second", (long) DrainSpec.DEFAULT_CLOSES_PER_SECOND);
    }

    /** Called after each change (jlvsd republishes its snapshot). */
    public void onChange(Runnable r) {
        listeners.add(r);
    }

    /** Every setting by name, as text. */
    public synchronized Map<String, String> all() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, Long.toString(v)));
        return out;
    }

    /** Sets {@code name} to {@code value} (decimal), or refuses with a message naming the range. */
    public void set(String name, String value) throws BadSetting {
        Range r = KNOWN.get(name);
        if (r == null) {
            throw new BadSetting(
                    "unknown setting `" + name + "'; known: " + String.join(", ", new TreeMap<>(KNOWN).keySet()));
        }
        long v;
        try {
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadSetting(name + ": `" + value + "' is not a number (" + r.doc() + ")");
        }
        if (v < r.min() || v > r.max()) {
            throw new BadSetting(
                    name + ": " + v + " is out of range " + r.min() + ".." + r.max() + " (" + r.doc() + ")");
        }
        synchronized (this) {
            values.put(name, v);
        }
        listeners.forEach(Runnable::run);
    }

    public synchronized boolean expireNodestConn() {
        return values.get("expire_nodest_conn") != 0;
    }

    public synchronized boolean expireQuiescentTemplate() {
        return values.get("expire_quiescent_template") != 0;
    }

    public synchronized long drainTimeoutMillis() {
        return values.get("drain_timeout") * 1000;
    }

    /** The drain a {@code --drain} without options gets, with this deadline and idle grace (null: the setting). */
    public synchronized DrainSpec drainSpec(long timeoutMillis, Long idleGraceMillis) {
        return new DrainSpec(
                timeoutMillis,
                idleGraceMillis != null ? idleGraceMillis : values.get("drain_idle_grace_ms"),
                values.get("drain_busy_after_ms"),
                values.get("drain_closes_per_second").intValue());
    }
}
