package io.jlvs.daemon.apply;

import io.jlvs.api.Address;
import io.jlvs.api.AdminCommand;
import io.jlvs.api.Family;
import io.jlvs.api.ForwardMethod;
import io.jlvs.api.Protocol;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.api.Timeouts;
import io.jlvs.daemon.config.AddressFamily;
import io.jlvs.daemon.config.DrainPolicy;
import io.jlvs.daemon.config.IpAddress;
import io.jlvs.daemon.config.KeepalivedConfig;
import io.jlvs.daemon.config.LvsTimeouts;
import io.jlvs.daemon.config.RealServer;
import io.jlvs.daemon.config.SchedulerFlag;
import io.jlvs.daemon.config.SorryServer;
import io.jlvs.daemon.config.VirtualAddress;
import io.jlvs.daemon.config.VirtualServer;
import io.jlvs.daemon.config.VirtualServerGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The LVS table a keepalived.conf describes, as the ipvsadm commands keepalived itself would issue
 * (set the timeouts, add service, add its local addresses, add each real server). A {@code
 * virtual_server group} becomes one service per address (ranges expanded) and per fwmark, as
 * keepalived does.
 */
public final class ConfigCommands {
    private ConfigCommands() {}

    /** Every command needed to build the configured table from an empty one. */
    public static List<AdminCommand> of(KeepalivedConfig config) {
        return of(config, ServerPlacement.AS_CONFIGURED);
    }

    /**
     * The commands that build the table from an empty one with each real server and sorry server
     * placed as {@code placement} says (left out, or in with the weight it gives).
     */
    public static List<AdminCommand> of(KeepalivedConfig config, ServerPlacement placement) {
        List<AdminCommand> out = new ArrayList<>();
        out.add(new AdminCommand.SetTimeouts(timeouts(config.globalDefs().lvsTimeouts())));
        for (VirtualServer vs : config.virtualServers()) {
            for (ServiceKey key : keys(config, vs)) {
                out.add(new AdminCommand.AddService(service(vs, key)));
                vs.localAddressGroup().flatMap(config::localAddressGroup).ifPresent(g -> {
                    for (IpAddress a : g.addresses()) {
                        // A group may mix families (keepalived allows it); each service takes
                        // the local addresses of its own family, as a FULLNAT rewrite needs.
                        if (a.isV4() == isV4(key)) {
                            out.add(new AdminCommand.AddLocalAddress(key, new Address(a.hi(), a.lo())));
                        }
                    }
                });
                for (RealServer rs : vs.realServers()) {
                    placement.real(vs, rs, real(rs)).ifPresent(r -> out.add(new AdminCommand.AddServer(key, r)));
                }
                // A sorry server that is also a real server is that real server (keepalived's
                // s_svr_duplicates_rs): it is placed as one.
                vs.sorryServer()
                        .filter(sorry -> vs.realServers().stream().noneMatch(rs -> real(rs).endpoint()
                                .equals(sorry(vs, key, sorry).endpoint())))
                        .flatMap(sorry -> placement.sorry(vs, sorry(vs, key, sorry)))
                        .ifPresent(r -> out.add(new AdminCommand.AddServer(key, r)));
            }
        }
        return out;
    }

    /**
     * {@code lvs_timeouts} as keepalived sets them at start and at each reload (check_daemon.c): the
     * ones given, the others kept; a configuration without it puts the defaults back, as keepalived
     * restores the timeouts it found.
     */
    static Timeouts timeouts(LvsTimeouts t) {
        return t.equals(LvsTimeouts.UNSET)
                ? Timeouts.DEFAULTS
                : new Timeouts(t.tcp().orElse(0), t.tcpFin().orElse(0), t.udp().orElse(0));
    }

    /** Each table service's drain policy ({@code drain_timeout}, {@code drain_on_failure}, ...). */
    public static Map<ServiceKey, DrainPolicy> drainPolicies(KeepalivedConfig config) {
        Map<ServiceKey, DrainPolicy> out = new HashMap<>();
        for (VirtualServer vs : config.virtualServers()) {
            for (ServiceKey key : keys(config, vs)) {
                out.put(key, vs.drain());
            }
        }
        return out;
    }

    /** The table services a {@code virtual_server} stands for: one, or one per address and fwmark of its group. */
    public static List<ServiceKey> keys(KeepalivedConfig config, VirtualServer vs) {
        Protocol proto = protocol(vs);
        return switch (vs.address()) {
            case VirtualAddress.Ip ip ->
                List.of(ServiceKey.of(
                        proto, address(ip.endpoint().address()), ip.endpoint().port()));
            case VirtualAddress.Fwmark fw -> List.of(ServiceKey.ofFwmark(fw.mark(), family(vs.family())));
            case VirtualAddress.Group g -> {
                VirtualServerGroup group = config.virtualServerGroup(g.name())
                        .orElseThrow(() ->
                                new IllegalArgumentException("virtual_server_group " + g.name() + " is not defined"));
                List<ServiceKey> keys = new ArrayList<>();
                for (VirtualServerGroup.Entry e : group.addresses()) {
                    for (IpAddress a : expand(e.range().first(), e.range().last())) {
                        keys.add(ServiceKey.of(proto, address(a), e.port()));
                    }
                }
                for (VirtualServerGroup.FwmarkEntry f : group.fwmarks()) {
                    keys.add(ServiceKey.ofFwmark(f.fwmark(), family(f.family().orElse(vs.family()))));
                }
                yield keys;
            }
        };
    }

    private static boolean isV4(ServiceKey key) {
        return key.usesFwmark() ? key.family() == Family.INET : key.address().isV4();
    }

    static ServiceConfig service(VirtualServer vs, ServiceKey key) {
        int flags = 0;
        for (SchedulerFlag f : vs.schedulerFlags()) {
            flags |= switch (f) {
                case FLAG_1, SH_FALLBACK, MH_FALLBACK -> ServiceConfig.SCHED_FLAG_1;
                case FLAG_2, SH_PORT, MH_PORT -> ServiceConfig.SCHED_FLAG_2;
                case FLAG_3 -> ServiceConfig.SCHED_FLAG_3;
            };
        }
        boolean persistent = vs.persistence().persistent();
        boolean v6 =
                key.usesFwmark() ? key.family() == Family.INET6 : !key.address().isV4();
        int mask = vs.persistence().granularity().mask();
        int netmask = v6 ? mask : Integer.bitCount(mask);
        return new ServiceConfig(
                key,
                vs.scheduler(),
                flags,
                persistent,
                persistent ? vs.persistence().timeout() : 0,
                persistent ? netmask : (v6 ? 128 : 32),
                vs.persistence().engine().orElse(""),
                vs.onePacket(),
                vs.synProxy(),
                vs.establishedTimeout().orElse(0),
                vs.clientAddress());
    }

    public static RealServerConfig real(RealServer rs) {
        // jlvs tunnels with IPIP only; sending IPIP to a real server that expects GUE or GRE would
        // black-hole its traffic, so the configuration is refused (as jlvsadm refuses --tun-type).
        if (rs.method().method() == io.jlvs.daemon.config.ForwardingMethod.TUN
                && rs.method().tunnelType() != io.jlvs.daemon.config.TunnelType.IPIP) {
            throw new IllegalArgumentException(rs.position() + ": " + rs + ": lvs_method TUN type "
                    + rs.method().tunnelType().keyword() + " is not supported; jlvs tunnels with IPIP only");
        }
        return new RealServerConfig(
                address(rs.endpoint().address()),
                rs.endpoint().port(),
                method(rs.method().method()),
                rs.weight(),
                (int) Math.min(Integer.MAX_VALUE, rs.upperThreshold()),
                (int) Math.min(Integer.MAX_VALUE, rs.lowerThreshold()),
                rs.slowStart());
    }

    /**
     * A sorry server as a table entry: weight 1 (keepalived's default real-server weight), its own
     * port or else the service's, and its {@code sorry_server_lvs_method}.
     */
    public static RealServerConfig sorry(VirtualServer vs, ServiceKey key, SorryServer sorry) {
        int port = sorry.endpoint().port() != 0 ? sorry.endpoint().port() : key.port();
        ForwardMethod m = method(sorry.method().method());
        if (m == ForwardMethod.ROUTE || m == ForwardMethod.TUNNEL) {
            port = key.port();
        }
        return RealServerConfig.of(address(sorry.endpoint().address()), port, m, 1);
    }

    // keepalived ranges vary the last octet (IPv4) or the last group (IPv6).
    private static List<IpAddress> expand(IpAddress first, IpAddress last) {
        List<IpAddress> out = new ArrayList<>();
        for (long lo = first.lo(); Long.compareUnsigned(lo, last.lo()) <= 0; lo++) {
            out.add(new IpAddress(first.hi(), lo));
            if (lo == -1L) {
                break;
            }
        }
        return out;
    }

    private static Protocol protocol(VirtualServer vs) {
        return vs.protocol()
                .map(p -> switch (p) {
                    case TCP -> Protocol.TCP;
                    case UDP -> Protocol.UDP;
                    case SCTP -> Protocol.SCTP;
                })
                .orElse(Protocol.TCP);
    }

    private static ForwardMethod method(io.jlvs.daemon.config.ForwardingMethod m) {
        return switch (m) {
            case NAT -> ForwardMethod.MASQ;
            case DR -> ForwardMethod.ROUTE;
            case TUN -> ForwardMethod.TUNNEL;
            case FULLNAT -> ForwardMethod.FULLNAT;
        };
    }

    private static Family family(AddressFamily f) {
        return f == AddressFamily.INET6 ? Family.INET6 : Family.INET;
    }

    private static Address address(IpAddress a) {
        return new Address(a.hi(), a.lo());
    }
}
