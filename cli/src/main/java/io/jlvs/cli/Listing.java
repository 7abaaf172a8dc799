package io.jlvs.cli;

import io.jlvs.api.Address;
import io.jlvs.api.AdminRequest;
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
import io.jlvs.core.service.ClientAddressMode;
import io.jlvs.core.service.ClientAddressSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * ipvsadm's listings, byte for byte: {@code list_all}, {@code list_service}, {@code
 * print_title}, {@code print_service_entry} in each of its formats, {@code list_conn}, {@code
 * list_timeout}, and alibaba's {@code -G} layout. Every width below is ipvsadm's printf width.
 */
final class Listing {
    private final Format f;
    private final NameResolver names;
    private final StringBuilder out = new StringBuilder();

    private Listing(Format f, NameResolver names) {
        this.f = f;
        this.names = names;
    }

    /** {@code -L} (or {@code -S} with a rule format): the header, the title, every service. */
    static String all(TableView t, Format f, NameResolver names) {
        Listing l = new Listing(f, names);
        if (!f.rule()) {
            l.out.append("IP Virtual Server version ")
                    .append(t.version())
                    .append(" (size=")
                    .append(t.connTableSize())
                    .append(")\n");
        }
        l.title();
        for (ServiceStatus s : l.order(t.services())) {
            l.service(s);
        }
        return l.out.toString();
    }

    /** {@code -L -t ...}: the title and one service, no header. */
    static String one(ServiceStatus s, Format f, NameResolver names) {
        Listing l = new Listing(f, names);
        l.title();
        l.service(s);
        return l.out.toString();
    }

    /** {@code -L -c}: the connection entries. */
    static String connections(List<ConnectionEntry> entries, Format f, NameResolver names) {
        Listing l = new Listing(f, names);
        l.out.append("IPVS connection entries\n");
        l.out.append("pro expire ")
                .append(Text.left("state", 11))
                .append(' ')
                .append(Text.left("source", 18))
                .append(' ')
                .append(Text.left("virtual", 18));
        if (f.persistentConn()) {
            l.out.append(' ')
                    .append(Text.left("destination", 18))
                    .append(' ')
                    .append(Text.left("pe name", 16))
                    .append(" pe_data\n");
        } else {
            l.out.append(" destination\n");
        }
        for (ConnectionEntry c : entries) {
            long minutes = c.expireSeconds() / 60;
            long seconds = c.expireSeconds() % 60;
            String expire = (minutes < 10 ? "0" : "") + minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
            // No persistence engine gives a template pe data, so rows are the short form even under
            // --persistent-conn (ipvsadm prints the long form only for entries that have it).
            l.out.append(Text.left(c.protocol().label(), 3))
                    .append(' ')
                    .append(Text.left(expire, 6))
                    .append(' ')
                    .append(Text.left(c.state(), 11))
                    .append(' ')
                    .append(Text.left(l.endpoint(c.client(), c.protocol()), 18))
                    .append(' ')
                    .append(Text.left(l.endpoint(c.virtual(), c.protocol()), 18))
                    .append(' ')
                    .append(l.endpoint(c.destination(), c.protocol()))
                    .append('\n');
        }
        return l.out.toString();
    }

    /** {@code -L --timeout}. */
    static String timeouts(Timeouts t) {
        return "Timeout (tcp tcpfin udp): " + t.tcp() + " " + t.tcpFin() + " " + t.udp() + "\n";
    }

    /** {@code -G}: alibaba's local-address listing; the title once, before the first service. */
    static String localAddresses(List<ServiceStatus> services) {
        Listing l = new Listing(Format.NONE, null);
        boolean first = true;
        for (ServiceStatus s : l.order(services)) {
            if (first) {
                l.out.append(Text.left("VIP:VPORT", 20))
                        .append(' ')
                        .append(Text.left("TOTAL", 8))
                        .append(' ')
                        .append(Text.left("LADDR", 20))
                        .append(' ')
                        .append(Text.left("CONFLICTS", 10))
                        .append(' ')
                        .append(Text.left("CONNS", 10))
                        .append('\n');
                first = false;
            }
            ServiceKey k = s.config().key();
            String vname = k.usesFwmark()
                    ? "FWM  " + k.fwmark() + (k.family() == Family.INET6 ? " IPv6" : "")
                    : bracket(k.address(), Inet.ntop(k.address())) + ":" + k.port();
            l.out.append(Text.left(vname, 20))
                    .append(' ')
                    .append(Text.left(s.localAddresses().size(), 8))
                    .append(" \n");
            for (LocalAddressStatus a : s.localAddresses()) {
                l.out.append(Text.left("", 20))
                        .append(' ')
                        .append(Text.left("", 8))
                        .append(' ')
                        .append(Text.left(Inet.ntop(a.address()), 20))
                        .append(' ')
                        .append(Text.left(a.portConflicts(), 10))
                        .append(' ')
                        .append(Text.left(a.conns(), 10))
                        .append('\n');
            }
        }
        return l.out.toString();
    }

    private List<ServiceStatus> order(List<ServiceStatus> services) {
        if (f.nosort()) {
            return new ArrayList<>(services);
        }
        return IpvsadmOrder.sorted(
                services,
                (a, b) -> IpvsadmOrder.SERVICES.compare(
                        a.config().key(), b.config().key()));
    }

    private void title() {
        String prot = Text.left("Prot LocalAddress:Port", 33);
        if (f.stats()) {
            out.append(prot);
            for (String h : new String[] {"Conns", "InPkts", "OutPkts", "InBytes", "OutBytes"}) {
                out.append(' ').append(Text.right(h, 8));
            }
            out.append("\n  -> RemoteAddress:Port\n");
        } else if (f.rate()) {
            out.append(prot);
            for (String h : new String[] {"CPS", "InPPS", "OutPPS", "InBPS", "OutBPS"}) {
                out.append(' ').append(Text.right(h, 8));
            }
            out.append("\n  -> RemoteAddress:Port\n");
        } else if (f.thresholds()) {
            out.append(prot);
            for (String h : new String[] {"Uthreshold", "Lthreshold", "ActiveConn", "InActConn"}) {
                out.append(' ').append(Text.left(h, 10));
            }
            out.append("\n  -> RemoteAddress:Port\n");
        } else if (f.persistentConn()) {
            out.append(prot)
                    .append(' ')
                    .append(Text.left("Weight", 9))
                    .append(' ')
                    .append(Text.left("PersistConn", 11))
                    .append(' ')
                    .append(Text.left("ActiveConn", 10))
                    .append(' ')
                    .append(Text.left("InActConn", 10))
                    .append("\n  -> RemoteAddress:Port\n");
        } else if (f.tunInfo()) {
            out.append("Prot LocalAddress:Port Scheduler Flags\n"
                    + "  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn InActConn\n");
        } else if (!f.rule()) {
            out.append("Prot LocalAddress:Port Scheduler Flags\n"
                    + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
        }
    }

    private void service(ServiceStatus s) {
        ServiceConfig c = s.config();
        ServiceKey k = c.key();
        String svc;
        if (k.usesFwmark()) {
            boolean v6 = k.family() == Family.INET6;
            svc = f.rule() ? "-f " + k.fwmark() + (v6 ? " -6" : "") : "FWM  " + k.fwmark() + (v6 ? " IPv6" : "");
        } else {
            String vname = addrPort(k.address(), k.port(), k.protocol());
            if (f.rule()) {
                svc = switch (k.protocol()) {
                            case TCP -> "-t";
                            case UDP -> "-u";
                            case SCTP -> "--sctp-service";
                        }
                        + " " + vname;
            } else {
                svc = Text.left(k.protocol().label(), 4) + " " + vname;
                if (k.family() != Family.INET6) {
                    svc = Text.cut(svc, 33);
                }
            }
        }

        if (f.rule()) {
            out.append("-A ").append(svc).append(" -s ").append(c.scheduler());
            if (c.persistent()) {
                out.append(" -p ").append(c.persistenceTimeout());
                appendMask(c, " -M ");
            }
            if (!c.persistenceEngine().isEmpty()) {
                out.append(" --pe ").append(c.persistenceEngine());
            }
            if (c.onePacket()) {
                out.append(" -o");
            }
            if (c.schedFlags() != 0) {
                out.append(" --sched-flags ").append(schedFlags(c));
            }
            if (c.synProxy()) {
                out.append(" -j enable");
            }
            if (c.establishedTimeout() != 0) {
                out.append(" --conn-timeout ").append(c.establishedTimeout());
            }
            appendClientAddress(c.clientAddress(), " --");
        } else if (f.stats()) {
            out.append(Text.left(svc, 33));
            var n = s.counters();
            for (long v : new long[] {n.conns(), n.inPkts(), n.outPkts(), n.inBytes(), n.outBytes()}) {
                out.append(Text.largeNumber(v, f.exact()));
            }
        } else if (f.rate()) {
            out.append(Text.left(svc, 33));
            var r = s.rates();
            for (long v : new long[] {r.cps(), r.inPps(), r.outPps(), r.inBps(), r.outBps()}) {
                out.append(Text.largeNumber(v, f.exact()));
            }
        } else {
            out.append(svc).append(' ').append(c.scheduler());
            if (c.schedFlags() != 0) {
                out.append(" (").append(schedFlags(c)).append(')');
            }
            if (c.persistent()) {
                out.append(" persistent ").append(c.persistenceTimeout());
                appendMask(c, " mask ");
                if (!c.persistenceEngine().isEmpty()) {
                    out.append(" pe ").append(c.persistenceEngine());
                }
            }
            if (c.onePacket()) {
                out.append(" ops");
            }
            if (c.synProxy()) {
                out.append(" synproxy");
            }
            if (c.establishedTimeout() != 0) {
                out.append(" conn-timeout ").append(c.establishedTimeout());
            }
            appendClientAddress(c.clientAddress(), " ");
        }
        out.append('\n');

        List<RealServerStatus> reals = f.nosort()
                ? s.realServers()
                : IpvsadmOrder.sorted(s.realServers(), (a, b) -> IpvsadmOrder.DESTS.compare(a.config(), b.config()));
        for (RealServerStatus r : reals) {
            realServer(svc, k, r);
        }
        if (f.rule()) {
            for (LocalAddressStatus a : s.localAddresses()) {
                out.append("-P ")
                        .append(svc)
                        .append(" -z ")
                        .append(Inet.ntop(a.address()))
                        .append('\n');
            }
        }
    }

    private void realServer(String svc, ServiceKey k, RealServerStatus r) {
        RealServerConfig d = r.config();
        String dname = addrPort(d.address(), d.port(), k.protocol());
        if (!f.rule() && d.address().family() != Family.INET6) {
            dname = Text.cut(dname, 28);
        }
        if (f.rule()) {
            out.append("-a ")
                    .append(svc)
                    .append(" -r ")
                    .append(dname)
                    .append(' ')
                    .append(forwardSwitch(d.forward()))
                    .append(" -w ")
                    .append(d.weight());
            if (d.forward() == ForwardMethod.TUNNEL) {
                out.append(" --tun-type ipip");
            }
            // Thresholds are not saved: ipvsadm's -S rule (print_service_entry) has no -x/-y,
            // and scripts diff or feed -S output as ipvsadm writes it.
            if (d.slowStart() > 0) {
                // jlvs's own, only where it is set, so -S -> -R keeps it and tables without it
                // save exactly as ipvsadm's.
                out.append(" --slow-start ").append(d.slowStart()).append('s');
            }
            out.append('\n');
            return;
        }
        out.append("  -> ").append(Text.left(dname, 28));
        if (f.stats()) {
            var n = r.counters();
            for (long v : new long[] {n.conns(), n.inPkts(), n.outPkts(), n.inBytes(), n.outBytes()}) {
                out.append(Text.largeNumber(v, f.exact()));
            }
        } else if (f.rate()) {
            var x = r.rates();
            // ipvsadm prints a real server's connection and packet rates with a plain %8llu.
            out.append(' ')
                    .append(Text.right(x.cps(), 8))
                    .append(' ')
                    .append(Text.right(x.inPps(), 8))
                    .append(' ')
                    .append(Text.right(x.outPps(), 8))
                    .append(Text.largeNumber(x.inBps(), f.exact()))
                    .append(Text.largeNumber(x.outBps(), f.exact()));
        } else if (f.thresholds()) {
            column(d.upperThreshold(), 10);
            column(d.lowerThreshold(), 10);
            column(r.activeConns(), 10);
            column(r.inactiveConns(), 10);
        } else if (f.persistentConn()) {
            column(d.weight(), 9);
            column(r.persistentConns(), 11);
            column(r.activeConns(), 10);
            column(r.inactiveConns(), 10);
        } else {
            column(d.forward().label(), 7);
            if (f.tunInfo()) {
                column(d.forward() == ForwardMethod.TUNNEL ? "ipip" : "n/a", 13);
            }
            column(Integer.toString(d.weight()), 6);
            column(r.activeConns(), 10);
            column(r.inactiveConns(), 10);
            if (r.drain() != null) {
                // jlvs's addition, only on a draining server's row: ipvsadm's layout is otherwise kept.
                out.append(" draining: ").append(progress(r.drain()));
            }
            if (r.slowStart() != null) {
                // The same for a slow start: Weight stays the configured one, as ipvsadm shows it.
                out.append(" slow start: ").append(rampProgress(r.slowStart()));
            }
        }
        out.append('\n');
    }

    /** A drain's state in one phrase: time left, open flows by class (jlvsd's order), what was done. */
    static String progress(DrainProgress p) {
        String classes = p.flows().entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        return String.format(
                Locale.ROOT,
                "%.1fs left, %d open%s, %d closed, %d crossed, %d reset",
                p.timeLeftMillis() / 1000.0,
                p.openFlows(),
                classes.isEmpty() ? "" : " (" + classes + ")",
                p.closedGracefully(),
                p.requestsCrossed(),
                p.reset());
    }

    /** A slow start in one phrase: the share of its weight the server gets now, and how far the ramp is. */
    static String rampProgress(SlowStartProgress p) {
        return String.format(
                Locale.ROOT,
                "%d%% of weight, %.1fs of %ds",
                p.permille() / 10,
                p.elapsedMillis() / 1000.0,
                p.windowMillis() / 1000);
    }

    /** What {@code --drain --wait} prints when the drain is over. */
    static String drainSummary(AdminRequest.DrainSummary s) {
        DrainProgress p = s.progress();
        String figures = p == null
                ? ""
                : String.format(
                        Locale.ROOT,
                        ": %d closed gracefully, %d ended by themselves, %d reset at the deadline,"
                                + " %d client request(s) crossed a close",
                        p.closedGracefully(),
                        p.endedByThemselves(),
                        p.reset(),
                        p.requestsCrossed());
        return String.format(
                Locale.ROOT, "drain %s after %.1f s%s\n", s.outcome(), s.durationMillis() / 1000.0, figures);
    }

    /** One {@code " %-Ns"} column of a real server's row. */
    private void column(String s, int width) {
        out.append(' ').append(Text.left(s, width));
    }

    private void column(long unsigned, int width) {
        out.append(' ').append(Text.left(unsigned, width));
    }

    /** The client-address words of a service, each after {@code lead} (" --" for -S, " " for -L). */
    private void appendClientAddress(ClientAddressSpec a, String lead) {
        if (a.mode() == ClientAddressMode.NONE) {
            return;
        }
        out.append(lead).append("client-address ").append(a.mode().keyword());
        if (a.toaInSyn()) {
            out.append(lead).append("toa-in-syn");
        }
        if (a.toaIpv6Kind() != ClientAddressSpec.TOA_IPV6_KIND_ALIBABA) {
            out.append(lead).append("toa-ipv6-kind ").append(a.toaIpv6Kind());
        }
    }

    private void appendMask(ServiceConfig c, String label) {
        if (c.key().family() == Family.INET) {
            if (c.netmask() != 32) {
                out.append(label)
                        .append(Address.ofV4(Inet.prefixToMask(c.netmask())).text());
            }
        } else if (c.netmask() != 128) {
            out.append(label).append(c.netmask());
        }
    }

    /**
     * ipvsadm's {@code print_sched_flags}: sh and mh name their two flags; flag-3 is named for
     * every scheduler here (ipvsadm drops it for sh and mh, leaving an empty list it cannot read
     * back).
     */
    private static String schedFlags(ServiceConfig c) {
        List<String> names = new ArrayList<>(3);
        String s = c.scheduler();
        boolean named = s.equals("sh") || s.equals("mh");
        if ((c.schedFlags() & ServiceConfig.SCHED_FLAG_1) != 0) {
            names.add(named ? s + "-fallback" : "flag-1");
        }
        if ((c.schedFlags() & ServiceConfig.SCHED_FLAG_2) != 0) {
            names.add(named ? s + "-port" : "flag-2");
        }
        if ((c.schedFlags() & ServiceConfig.SCHED_FLAG_3) != 0) {
            names.add("flag-3");
        }
        return String.join(",", names);
    }

    private static String forwardSwitch(ForwardMethod m) {
        return switch (m) {
            case MASQ -> "-m";
            case ROUTE -> "-g";
            case TUNNEL -> "-i";
            case FULLNAT -> "-b";
        };
    }

    private String endpoint(Endpoint e, Protocol p) {
        return addrPort(e.address(), e.port(), p);
    }

    /**
     * ipvsadm's {@code addrport_to_anyname}: numeric, or the host's and service's names where
     * they have one; IPv6 in brackets; at most 59 characters (its 60-byte buffer).
     */
    private String addrPort(Address a, int port, Protocol p) {
        String host = null;
        String service = null;
        if (!f.numeric()) {
            host = names.hostName(a);
            service = names.serviceName(port, p);
        }
        String text = bracket(a, host != null ? host : Inet.ntop(a)) + ":" + (service != null ? service : port);
        return Text.cut(text, 59);
    }

    private static String bracket(Address a, String s) {
        return a.isV4() ? s : "[" + s + "]";
    }
}
