package io.jlvs.linux.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.route.RouteTable.Route;
import io.jlvs.linux.netlink.NetlinkMessage;
import io.jlvs.linux.netlink.NlBuilder;
import io.jlvs.linux.netlink.Rtnl;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteParsingTest {
    static NetlinkMessage wrap(MemorySegment s) {
        NetlinkMessage m = new NetlinkMessage();
        assertThat(m.wrap(s, 0, s.byteSize())).isTrue();
        return m;
    }

    @Test
    void readsAGatewayRoute() {
        MemorySegment s = new NlBuilder()
                .message(Rtnl.RTM_NEWROUTE, 2, 1, NlBuilder.rtmsg(2, 24, 254, Rtnl.RTN_UNICAST))
                .attrU32(Rtnl.RTA_TABLE, 254)
                .attr(Rtnl.RTA_DST, new byte[] {(byte) 192, 0, 2, 0})
                .attr(Rtnl.RTA_GATEWAY, new byte[] {10, 0, 0, (byte) 254})
                .attrU32(Rtnl.RTA_OIF, 3)
                .attrU32(Rtnl.RTA_PRIORITY, 20)
                .segment();
        List<Route> out = new ArrayList<>();
        assertThat(Routes.parse(wrap(s), 254, out)).isTrue();
        assertThat(out).hasSize(1);
        assertThat(TestRoutes.describe(out.getFirst())).isEqualTo("192.0.2.0/24 via 10.0.0.254 dev 3 metric 20");
    }

    @Test
    void aRouteWithoutDestinationIsTheDefault() {
        MemorySegment s = new NlBuilder()
                .message(Rtnl.RTM_NEWROUTE, 2, 1, NlBuilder.rtmsg(10, 0, 254, Rtnl.RTN_UNICAST))
                .attr(Rtnl.RTA_GATEWAY, InetAddrBytes.v6("fe80::1"))
                .attrU32(Rtnl.RTA_OIF, 2)
                .segment();
        List<Route> out = new ArrayList<>();
        assertThat(Routes.parse(wrap(s), 254, out)).isTrue();
        Route r = out.getFirst();
        assertThat(TestRoutes.isDefault(r)).isTrue();
        assertThat(TestRoutes.isV4(r)).isFalse();
        assertThat(InetAddr.format(r.gatewayHi(), r.gatewayLo())).isEqualTo("fe80::1");
    }

    @Test
    void otherTablesAndTypesArePassedOverNotCountedAsMalformed() {
        MemorySegment local = new NlBuilder()
                .message(Rtnl.RTM_NEWROUTE, 2, 1, NlBuilder.rtmsg(2, 32, 255, 2 /* RTN_LOCAL */))
                .attr(Rtnl.RTA_DST, new byte[] {10, 0, 0, 1})
                .segment();
        MemorySegment otherTable = new NlBuilder()
                .message(Rtnl.RTM_NEWROUTE, 2, 1, NlBuilder.rtmsg(2, 8, 252, Rtnl.RTN_UNICAST))
                .attrU32(Rtnl.RTA_TABLE, 1000)
                .segment();
        List<Route> out = new ArrayList<>();
        assertThat(Routes.parse(wrap(local), 254, out)).isTrue();
        assertThat(Routes.parse(wrap(otherTable), 254, out)).isTrue();
        assertThat(out).isEmpty();
        assertThat(Routes.parse(wrap(otherTable), 1000, out)).isTrue();
        assertThat(out).hasSize(1);
    }

    @Test
    void multipathContributesItsFirstNextHop() {
        ByteBuffer nh = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
        nh.putShort((short) 16).put((byte) 0).put((byte) 0).putInt(7); // rtnexthop, ifindex 7
        nh.putShort((short) 8).putShort((short) Rtnl.RTA_GATEWAY).put(new byte[] {10, 0, 0, 1});
        nh.putShort((short) 16).put((byte) 0).put((byte) 0).putInt(8);
        nh.putShort((short) 8).putShort((short) Rtnl.RTA_GATEWAY).put(new byte[] {10, 0, 0, 2});
        MemorySegment s = new NlBuilder()
                .message(Rtnl.RTM_NEWROUTE, 2, 1, NlBuilder.rtmsg(2, 0, 254, Rtnl.RTN_UNICAST))
                .attr(Rtnl.RTA_MULTIPATH, nh.array())
                .segment();
        List<Route> out = new ArrayList<>();
        assertThat(Routes.parse(wrap(s), 254, out)).isTrue();
        assertThat(out.getFirst().ifIndex()).isEqualTo(7);
        assertThat(InetAddr.format(out.getFirst().gatewayHi(), out.getFirst().gatewayLo()))
                .isEqualTo("10.0.0.1");
    }

    @Test
    void malformedRoutesAreReportedAndNotAdded() {
        List<Route> out = new ArrayList<>();
        // A 5-byte destination.
        MemorySegment badDst = new NlBuilder()
                .message(Rtnl.RTM_NEWROUTE, 2, 1, NlBuilder.rtmsg(2, 24, 254, Rtnl.RTN_UNICAST))
                .attr(Rtnl.RTA_DST, new byte[5])
                .segment();
        // An IPv6 destination in an IPv4 route.
        MemorySegment wrongFamily = new NlBuilder()
                .message(Rtnl.RTM_NEWROUTE, 2, 1, NlBuilder.rtmsg(2, 24, 254, Rtnl.RTN_UNICAST))
                .attr(Rtnl.RTA_DST, InetAddrBytes.v6("2001:db8::"))
                .segment();
        // Prefix longer than the family allows.
        MemorySegment longPrefix = new NlBuilder()
                .message(Rtnl.RTM_NEWROUTE, 2, 1, NlBuilder.rtmsg(2, 40, 254, Rtnl.RTN_UNICAST))
                .segment();
        // Truncated fixed header.
        MemorySegment shortHeader =
                new NlBuilder().message(Rtnl.RTM_NEWROUTE, 2, 1, new byte[4]).segment();
        // Attribute claiming more bytes than there are.
        MemorySegment overrun = new NlBuilder()
                .message(Rtnl.RTM_NEWROUTE, 2, 1, NlBuilder.rtmsg(2, 24, 254, Rtnl.RTN_UNICAST))
                .raw(new byte[] {64, 0, 1, 0, 10, 0, 0, 0})
                .segment();
        for (MemorySegment s : List.of(badDst, wrongFamily, longPrefix, shortHeader, overrun)) {
            assertThat(Routes.parse(wrap(s), 254, out)).isFalse();
        }
        assertThat(out).isEmpty();
    }

    /** Address bytes for attributes. */
    static final class InetAddrBytes {
        static byte[] v6(String text) {
            long[] a = InetAddr.parse(text);
            return ByteBuffer.allocate(16).putLong(a[0]).putLong(a[1]).array();
        }
    }
}
