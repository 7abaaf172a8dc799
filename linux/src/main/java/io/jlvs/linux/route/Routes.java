package io.jlvs.linux.route;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.route.RouteTable;
import io.jlvs.core.route.RouteTable.Route;
import io.jlvs.linux.libc.Libc;
import io.jlvs.linux.libc.LinuxException;
import io.jlvs.linux.netlink.NetlinkMessage;
import io.jlvs.linux.netlink.NetlinkSocket;
import io.jlvs.linux.netlink.RtAttribute;
import io.jlvs.linux.netlink.Rtnl;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the kernel's routing table through rtnetlink (an RTM_GETROUTE dump for IPv4 and for
 * IPv6) into the data plane's {@link RouteTable}. Control plane; the calling thread's network
 * namespace.
 */
public final class Routes {
    private static final int MAX_ATTEMPTS = 4;

    private Routes() {}

    /** The unicast routes of the main table (RT_TABLE_MAIN, what {@code ip route} shows). */
    public static RouteTable read() {
        return read(Rtnl.RT_TABLE_MAIN);
    }

    /** The unicast routes of routing table {@code table}. */
    public static RouteTable read(int table) {
        try (NetlinkSocket nl = NetlinkSocket.open()) {
            return read(nl, table);
        }
    }

    /** Dumps through an open socket (the watcher keeps one). */
    static RouteTable read(NetlinkSocket nl, int table) {
        for (int attempt = 1; ; attempt++) {
            List<Route> routes = new ArrayList<>();
            boolean consistent =
                    nl.dump(Rtnl.RTM_GETROUTE, Libc.AF_INET, Rtnl.RTMSG_SIZE, m -> parse(m, table, routes));
            consistent &= nl.dump(Rtnl.RTM_GETROUTE, Libc.AF_INET6, Rtnl.RTMSG_SIZE, m -> parse(m, table, routes));
            if (consistent) {
                return new RouteTable(routes);
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new LinuxException("routing table kept changing during " + MAX_ATTEMPTS + " dumps in a row", 0);
            }
        }
    }

    /**
     * Reads one RTM_NEWROUTE message: struct rtmsg (family, dst_len, src_len, tos, table,
     * protocol, scope, type, flags) and its attributes. Unicast routes of {@code table} are
     * added to {@code out}; others (local, broadcast, multicast, other tables) are passed over.
     * Multipath routes contribute their first next hop. Returns false when the message is
     * malformed.
     */
    public static boolean parse(NetlinkMessage m, int table, List<Route> out) {
        if (m.type() != Rtnl.RTM_NEWROUTE) {
            return true;
        }
        if (m.payloadLength() < Rtnl.RTMSG_SIZE) {
            return false;
        }
        MemorySegment s = m.segment();
        long p = m.payloadOffset();
        int family = s.get(JAVA_BYTE, p) & 0xFF;
        int dstLen = s.get(JAVA_BYTE, p + 1) & 0xFF;
        int rtTable = s.get(JAVA_BYTE, p + 4) & 0xFF;
        int type = s.get(JAVA_BYTE, p + 7) & 0xFF;
        if ((family != Libc.AF_INET && family != Libc.AF_INET6) || dstLen > (family == Libc.AF_INET ? 32 : 128)) {
            return false;
        }
        long[] dst = family == Libc.AF_INET ? new long[] {0, InetAddr.V4_MAPPED_PREFIX} : new long[] {0, 0};
        long[] gw = null;
        int oif = 0;
        int metric = 0;
        RtAttribute a = new RtAttribute();
        for (boolean more = a.first(s, p + Rtnl.RTMSG_SIZE, m.end()); more; more = a.next()) {
            switch (a.type()) {
                case Rtnl.RTA_DST -> {
                    if (!a.address(dst)) {
                        return false;
                    }
                }
                case Rtnl.RTA_GATEWAY -> {
                    gw = new long[2];
                    if (!a.address(gw)) {
                        return false;
                    }
                }
                case Rtnl.RTA_OIF -> oif = a.u32(0);
                case Rtnl.RTA_PRIORITY -> metric = a.u32(0);
                case Rtnl.RTA_TABLE -> rtTable = a.u32(rtTable);
                case Rtnl.RTA_MULTIPATH -> {
                    // struct rtnexthop { u16 len; u8 flags; u8 hops; int ifindex; } + attributes.
                    long nh = a.valueOffset();
                    if (a.valueLength() < 8) {
                        return false;
                    }
                    int nhLen = s.get(JAVA_SHORT_UNALIGNED, nh) & 0xFFFF;
                    if (nhLen < 8 || nh + nhLen > a.valueEnd()) {
                        return false;
                    }
                    oif = s.get(JAVA_INT_UNALIGNED, nh + 4);
                    RtAttribute na = new RtAttribute();
                    for (boolean more2 = na.first(s, nh + 8, nh + nhLen); more2; more2 = na.next()) {
                        if (na.type() == Rtnl.RTA_GATEWAY) {
                            gw = new long[2];
                            if (!na.address(gw)) {
                                return false;
                            }
                        }
                    }
                    if (na.malformed()) {
                        return false;
                    }
                }
                default -> {}
            }
        }
        if (a.malformed()) {
            return false;
        }
        if (type != Rtnl.RTN_UNICAST || rtTable != table) {
            return true;
        }
        if (InetAddr.isV4(dst[0], dst[1]) != (family == Libc.AF_INET)) {
            return false;
        }
        out.add(new Route(
                dst[0], dst[1], dstLen, oif, gw == null ? 0 : gw[0], gw == null ? 0 : gw[1], gw != null, metric));
        return true;
    }
}
