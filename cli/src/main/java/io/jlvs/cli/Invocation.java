package io.jlvs.cli;

import io.jlvs.api.Address;
import io.jlvs.api.AdminCommand;
import io.jlvs.api.Endpoint;
import io.jlvs.api.Family;
import io.jlvs.api.ForwardMethod;
import io.jlvs.api.Protocol;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceConfig;
import io.jlvs.api.ServiceKey;
import io.jlvs.api.Timeouts;
import io.jlvs.core.service.ClientAddressMode;
import io.jlvs.core.service.ClientAddressSpec;
import java.util.EnumSet;

/**
 * One parsed command line: ipvsadm's {@code ipvs_command_entry} plus its option and format bits,
 * with the defaults ipvsadm starts from (weight 1, direct routing, a /32 persistence mask).
 */
final class Invocation {
    /** ipvsadm's default persistence mask, 255.255.255.255, as it holds it before the family is known. */
    static final long V4_HOST_MASK = 0xFFFF_FFFFL;

    Cmd cmd;
    final EnumSet<Opt> options = EnumSet.noneOf(Opt.class);

    // The virtual service.
    Family af;
    Protocol protocol;
    Address address;
    int port;
    long fwmark;
    String scheduler = "";
    String schedFlagsArg = "";
    int schedFlags;
    int persistenceTimeout;
    /** An IPv4 mask (big-endian, unsigned) or, once the service is IPv6, a prefix length. */
    long netmask = V4_HOST_MASK;

    String persistenceEngine = "";
    boolean synProxy;
    ClientAddressMode clientAddress = ClientAddressMode.NONE;
    int toaIpv6Kind = ClientAddressSpec.TOA_IPV6_KIND_ALIBABA;
    int establishedTimeout;

    // The real server.
    Family destAf;
    Address destAddress;
    int destPort;
    ForwardMethod forward = ForwardMethod.ROUTE;
    int weight = 1;
    int upperThreshold;
    int lowerThreshold;
    /** --slow-start, seconds; 0 = none (as a -e without it, like -x and -y). */
    int slowStart;

    String tunnelType = "ipip";

    // Everything else.
    Address localAddress;
    Timeouts timeouts;
    String daemonState;
    /** --drain: the deadline, or null for jlvsd's default; the idle grace, or null. */
    Long drainTimeoutMillis;

    Long idleGraceMillis;
    /** --sysctl's word: null, "name" or "name=value". */
    String sysctl;

    /** Whether the option was given; switches (-p, -o, the listing formats) are only this. */
    boolean has(Opt o) {
        return options.contains(o);
    }

    ServiceKey serviceKey() {
        if (fwmark != 0) {
            return ServiceKey.ofFwmark(fwmark, af == Family.INET6 ? Family.INET6 : Family.INET);
        }
        return ServiceKey.of(protocol, address, port);
    }

    ServiceConfig serviceConfig() throws UsageFailure {
        ServiceKey key = serviceKey();
        boolean persistent = has(Opt.PERSISTENT);
        int prefix;
        if (key.family() == Family.INET) {
            prefix = Inet.maskToPrefix((int) netmask);
            if (prefix < 0) {
                // The kernel would take a mask with holes; jlvs persists by prefix only.
                throw new UsageFailure("illegal virtual server persistent mask specified");
            }
        } else {
            prefix = (int) netmask;
        }
        return new ServiceConfig(
                key,
                scheduler,
                schedFlags,
                persistent,
                persistent ? persistenceTimeout : 0,
                prefix,
                persistenceEngine,
                has(Opt.ONEPACKET),
                synProxy,
                establishedTimeout,
                new ClientAddressSpec(clientAddress, has(Opt.TOA_IN_SYN), toaIpv6Kind));
    }

    RealServerConfig realServer() {
        return new RealServerConfig(destAddress, destPort, forward, weight, upperThreshold, lowerThreshold, slowStart);
    }

    /** The table change this command line asks for (for the commands that are one). */
    AdminCommand change() throws UsageFailure {
        return switch (cmd) {
            case ADD -> new AdminCommand.AddService(serviceConfig());
            case EDIT -> new AdminCommand.EditService(serviceConfig());
            case DEL -> new AdminCommand.DeleteService(serviceKey());
            case FLUSH -> new AdminCommand.Clear();
            case ZERO -> new AdminCommand.Zero(has(Opt.SERVICE) ? serviceKey() : null);
            case ADDDEST -> new AdminCommand.AddServer(serviceKey(), realServer());
            case EDITDEST -> new AdminCommand.EditServer(serviceKey(), realServer());
            case DELDEST -> new AdminCommand.DeleteServer(serviceKey(), new Endpoint(destAddress, destPort));
            case TIMEOUT_SET -> new AdminCommand.SetTimeouts(timeouts);
            case ADDLADDR -> new AdminCommand.AddLocalAddress(serviceKey(), localAddress);
            case DELLADDR -> new AdminCommand.DeleteLocalAddress(serviceKey(), localAddress);
            default -> throw new IllegalStateException(cmd + " is not a table change");
        };
    }

    Format format(boolean rule) {
        return new Format(
                has(Opt.NUMERIC),
                rule,
                has(Opt.STATS),
                has(Opt.RATE),
                has(Opt.THRESHOLDS),
                has(Opt.PERSISTENTCONN),
                has(Opt.NOSORT),
                has(Opt.EXACT),
                has(Opt.TUN_INFO));
    }
}
