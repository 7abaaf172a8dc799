package io.jlvs.linux.iface;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.linux.netlink.NetlinkMessage;
import io.jlvs.linux.netlink.NlBuilder;
import io.jlvs.linux.netlink.Rtnl;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class InterfaceParsingTest {
    static NetlinkMessage wrap(MemorySegment s) {
        NetlinkMessage m = new NetlinkMessage();
        assertThat(m.wrap(s, 0, s.byteSize())).isTrue();
        return m;
    }

    static byte[] ifinfomsg(int index, int flags) {
        return ByteBuffer.allocate(16)
                .order(ByteOrder.nativeOrder())
                .put((byte) 0)
                .put((byte) 0)
                .putShort((short) 1)
                .putInt(index)
                .putInt(flags)
                .putInt(0)
                .array();
    }

    static byte[] ifaddrmsg(int family, int prefix, int scope, int index) {
        return ByteBuffer.allocate(8)
                .order(ByteOrder.nativeOrder())
                .put((byte) family)
                .put((byte) prefix)
                .put((byte) 0)
                .put((byte) scope)
                .putInt(index)
                .array();
    }

    @Test
    void readsALink() {
        MemorySegment s = new NlBuilder()
                .message(Rtnl.RTM_NEWLINK, 2, 1, ifinfomsg(4, NetInterface.IFF_UP | NetInterface.IFF_RUNNING))
                .attr(Rtnl.IFLA_IFNAME, "veth-x\0".getBytes())
                .attrU32(Rtnl.IFLA_MTU, 1500)
                .attr(Rtnl.IFLA_ADDRESS, new byte[] {2, 0x42, (byte) 0xac, 0x11, 0, 2})
                .segment();
        NetInterface i = Interfaces.parseLink(wrap(s));
        assertThat(i).isNotNull();
        assertThat(i.index()).isEqualTo(4);
        assertThat(i.name()).isEqualTo("veth-x");
        assertThat(i.mtu()).isEqualTo(1500);
        assertThat(i.macString()).isEqualTo("02:42:ac:11:00:02");
        assertThat(i.up()).isTrue();
        assertThat(i.running()).isTrue();
        assertThat(i.loopback()).isFalse();
    }

    @Test
    void linkWithoutNameOrWithBrokenAttributesIsMalformed() {
        MemorySegment noName = new NlBuilder()
                .message(Rtnl.RTM_NEWLINK, 2, 1, ifinfomsg(4, 0))
                .attrU32(Rtnl.IFLA_MTU, 1500)
                .segment();
        MemorySegment broken = new NlBuilder()
                .message(Rtnl.RTM_NEWLINK, 2, 1, ifinfomsg(4, 0))
                .attr(Rtnl.IFLA_IFNAME, "x\0".getBytes())
                .raw(new byte[] {99, 0, 4, 0})
                .segment();
        assertThat(Interfaces.parseLink(wrap(noName))).isNull();
        assertThat(Interfaces.parseLink(wrap(broken))).isNull();
    }

    @Test
    void readsAddressesPreferringTheLocalOne() {
        // A point-to-point IPv4 address: IFA_ADDRESS is the peer, IFA_LOCAL our own.
        MemorySegment v4 = new NlBuilder()
                .message(Rtnl.RTM_NEWADDR, 2, 1, ifaddrmsg(2, 32, 0, 9))
                .attr(Rtnl.IFA_ADDRESS, new byte[] {10, 0, 0, 2})
                .attr(Rtnl.IFA_LOCAL, new byte[] {10, 0, 0, 1})
                .segment();
        int[] index = new int[1];
        IfAddress a = Interfaces.parseAddress(wrap(v4), index);
        assertThat(index[0]).isEqualTo(9);
        assertThat(a.toString()).isEqualTo("10.0.0.1/32");
        assertThat(a.isV4()).isTrue();

        byte[] v6bytes = new byte[16];
        v6bytes[0] = (byte) 0xfe;
        v6bytes[1] = (byte) 0x80;
        v6bytes[15] = 1;
        MemorySegment v6 = new NlBuilder()
                .message(Rtnl.RTM_NEWADDR, 2, 1, ifaddrmsg(10, 64, IfAddress.SCOPE_LINK, 9))
                .attr(Rtnl.IFA_ADDRESS, v6bytes)
                .segment();
        IfAddress b = Interfaces.parseAddress(wrap(v6), index);
        assertThat(b.toString()).isEqualTo("fe80::1/64");
        assertThat(b.scope()).isEqualTo(IfAddress.SCOPE_LINK);
    }

    @Test
    void addressWithoutAnAddressIsMalformed() {
        MemorySegment s = new NlBuilder()
                .message(Rtnl.RTM_NEWADDR, 2, 1, ifaddrmsg(2, 24, 0, 9))
                .segment();
        assertThat(Interfaces.parseAddress(wrap(s), new int[1])).isNull();
        MemorySegment odd = new NlBuilder()
                .message(Rtnl.RTM_NEWADDR, 2, 1, ifaddrmsg(2, 24, 0, 9))
                .attr(Rtnl.IFA_LOCAL, new byte[6])
                .segment();
        assertThat(Interfaces.parseAddress(wrap(odd), new int[1])).isNull();
    }
}
