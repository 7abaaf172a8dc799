package io.jlvs.daemon.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a reload would change: settings, virtual services added, removed and changed, and within a
 * changed service its real servers added, removed and changed, each with the keywords that differ.
 * A service is identified by {@link VirtualServer#name()} (address, port, protocol, or mark, or
 * group), a real server by its address and port; changing an identity is a removal and an addition,
 * as it is for IPVS. {@link #logLines()} renders it for the daemon's log.
 *
 * @param settings {@code global_defs}, {@code jlvs_defs}, {@code SSL} and group changes
 */
public record ConfigDiff(
        List<FieldChange> settings,
        List<VirtualServer> addedServices,
        List<VirtualServer> removedServices,
        List<ServiceChange> changedServices) {

    /**
     * A service present in both configurations that differs.
     *
     * @param fields the service's own keywords that differ; a change in the contents of its {@code
     *     virtual_server_group} or {@code local_address_group} is listed here too
     */
    public record ServiceChange(
            VirtualServer before,
            VirtualServer after,
            List<FieldChange> fields,
            List<RealServer> addedReals,
            List<RealServer> removedReals,
            List<RealChange> changedReals) {
        public ServiceChange {
            fields = List.copyOf(fields);
            addedReals = List.copyOf(addedReals);
            removedReals = List.copyOf(removedReals);
            changedReals = List.copyOf(changedReals);
        }
    }

    /** A real server present in both that differs. */
    public record RealChange(RealServer before, RealServer after, List<FieldChange> fields) {
        public RealChange {
            fields = List.copyOf(fields);
        }
    }

    public ConfigDiff {
        settings = List.copyOf(settings);
        addedServices = List.copyOf(addedServices);
        removedServices = List.copyOf(removedServices);
        changedServices = List.copyOf(changedServices);
    }

    /** The changes that turn {@code before} into {@code after}. */
    public static ConfigDiff between(KeepalivedConfig before, KeepalivedConfig after) {
        List<FieldChange> settings = compare(ConfigFields.global(before), ConfigFields.global(after));
        List<VirtualServer> added = new ArrayList<>();
        List<VirtualServer> removed = new ArrayList<>();
        List<ServiceChange> changed = new ArrayList<>();
        for (VirtualServer old : before.virtualServers()) {
            if (after.virtualServer(old.name()).isEmpty()) {
                removed.add(old);
            }
        }
        for (VirtualServer now : after.virtualServers()) {
            Optional<VirtualServer> old = before.virtualServer(now.name());
            if (old.isEmpty()) {
                added.add(now);
                continue;
            }
            ServiceChange c = service(before, after, old.get(), now);
            if (c != null) {
                changed.add(c);
            }
        }
        return new ConfigDiff(settings, added, removed, changed);
    }

    private static ServiceChange service(KeepalivedConfig cb, KeepalivedConfig ca, VirtualServer b, VirtualServer a) {
        List<FieldChange> fields = compare(ConfigFields.service(b), ConfigFields.service(a));
        if (a.address() instanceof VirtualAddress.Group g) {
            String gb = cb.virtualServerGroup(g.name()).map(ConfigFields::group).orElse("");
            String ga = ca.virtualServerGroup(g.name()).map(ConfigFields::group).orElse("");
            if (!gb.equals(ga)) {
                fields.add(new FieldChange("virtual_server_group " + g.name(), gb, ga));
            }
        }
        if (a.localAddressGroup().isPresent() && a.localAddressGroup().equals(b.localAddressGroup())) {
            String name = a.localAddressGroup().get();
            String lb = cb.localAddressGroup(name).map(ConfigFields::group).orElse("");
            String la = ca.localAddressGroup(name).map(ConfigFields::group).orElse("");
            if (!lb.equals(la)) {
                fields.add(new FieldChange("local_address_group " + name, lb, la));
            }
        }
        List<RealServer> added = new ArrayList<>();
        List<RealServer> removed = new ArrayList<>();
        List<RealChange> changed = new ArrayList<>();
        for (RealServer r : b.realServers()) {
            if (a.realServer(r.endpoint()).isEmpty()) {
                removed.add(r);
            }
        }
        for (RealServer r : a.realServers()) {
            Optional<RealServer> old = b.realServer(r.endpoint());
            if (old.isEmpty()) {
                added.add(r);
                continue;
            }
            List<FieldChange> rf = compare(ConfigFields.real(old.get()), ConfigFields.real(r));
            if (!rf.isEmpty()) {
                changed.add(new RealChange(old.get(), r, rf));
            }
        }
        if (fields.isEmpty() && added.isEmpty() && removed.isEmpty() && changed.isEmpty()) {
            return null;
        }
        return new ServiceChange(b, a, fields, added, removed, changed);
    }

    private static List<FieldChange> compare(Map<String, String> before, Map<String, String> after) {
        List<FieldChange> out = new ArrayList<>();
        for (Map.Entry<String, String> e : after.entrySet()) {
            String old = before.getOrDefault(e.getKey(), "");
            if (!old.equals(e.getValue())) {
                out.add(new FieldChange(e.getKey(), old, e.getValue()));
            }
        }
        for (Map.Entry<String, String> e : before.entrySet()) {
            if (!after.containsKey(e.getKey()) && !e.getValue().isEmpty()) {
                out.add(new FieldChange(e.getKey(), e.getValue(), ""));
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return settings.isEmpty() && addedServices.isEmpty() && removedServices.isEmpty() && changedServices.isEmpty();
    }

    /** One line per change, for the log of a reload. */
    public List<String> logLines() {
        List<String> lines = new ArrayList<>();
        for (FieldChange f : settings) {
            lines.add(
                    f.before().isEmpty() && f.field().contains("group ")
                            ? f.field() + " added: " + f.after()
                            : f.after().isEmpty() && f.field().contains("group ")
                                    ? f.field() + " removed"
                                    : f.field() + " changed: " + show(f.before()) + " -> " + show(f.after()));
        }
        for (VirtualServer v : removedServices) {
            lines.add("virtual_server " + v.name() + " removed ("
                    + v.realServers().size() + " real servers)");
        }
        for (VirtualServer v : addedServices) {
            lines.add("virtual_server " + v.name() + " added: lb_algo " + v.scheduler() + ", lb_kind " + v.method()
                    + ", " + v.realServers().size() + " real servers");
        }
        for (ServiceChange c : changedServices) {
            String vs = "virtual_server " + c.after().name();
            if (!c.fields().isEmpty()) {
                lines.add(vs + " changed: " + join(c.fields()));
            }
            for (RealServer r : c.removedReals()) {
                lines.add(vs + ": real_server " + r.endpoint() + " removed");
            }
            for (RealServer r : c.addedReals()) {
                lines.add(vs + ": real_server " + r.endpoint() + " added: weight " + r.weight() + ", lvs_method "
                        + r.method() + ", checkers " + ConfigFields.checkers(r.checkers()));
            }
            for (RealChange r : c.changedReals()) {
                lines.add(vs + ": real_server " + r.after().endpoint() + " changed: " + join(r.fields()));
            }
        }
        return lines;
    }

    private static String join(List<FieldChange> fields) {
        return fields.stream().map(FieldChange::toString).collect(Collectors.joining("; "));
    }

    private static String show(String v) {
        return v.isEmpty() ? "(none)" : v;
    }
}
