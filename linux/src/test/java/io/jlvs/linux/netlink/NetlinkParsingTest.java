package io.jlvs.linux.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetlinkParsingTest {
    @Test
    void walksMessagesAndAttributes() {
        MemorySegment s = new NlBuilder()
                .message(Rtnl.RTM_NEWLINK, 2, 7, new byte[16])
                .attr(Rtnl.IFLA_IFNAME, "eth0\0".getBytes())
                .attrU32(Rtnl.IFLA_MTU, 9000)
                .message(NetlinkMessage.NLMSG_DONE, 2, 7, NlBuilder.le32(0))
                .segment();
        List<Integer> types = new ArrayList<>();
        NetlinkMessage m = new NetlinkMessage();
        int bad = NetlinkSocket.walk(m, s, s.byteSize(), msg -> {
            types.add(msg.type());
            if (msg.type() == Rtnl.RTM_NEWLINK) {
                assertThat(msg.seq()).isEqualTo(7);
                assertThat(msg.flags()).isEqualTo(2);
                RtAttribute a = new RtAttribute();
                assertThat(a.first(msg.segment(), msg.payloadOffset() + 16, msg.end()))
                        .isTrue();
                assertThat(a.type()).isEqualTo(Rtnl.IFLA_IFNAME);
                assertThat(a.string()).isEqualTo("eth0");
                assertThat(a.next()).isTrue();
                assertThat(a.u32(-1)).isEqualTo(9000);
                assertThat(a.next()).isFalse();
                assertThat(a.malformed()).isFalse();
            }
            return true;
        });
        assertThat(bad).isZero();
        assertThat(types).containsExactly(Rtnl.RTM_NEWLINK, NetlinkMessage.NLMSG_DONE);
    }

    @Test
    void aMessageLongerThanTheDatagramStopsTheWalkAndIsCounted() {
        byte[] b = new NlBuilder()
                .message(Rtnl.RTM_NEWLINK, 0, 1, new byte[16])
                .message(Rtnl.RTM_NEWLINK, 0, 1, new byte[16])
                .bytes();
        // Second message claims 4 KiB.
        int second = 32;
        b[second] = 0;
        b[second + 1] = 0x10;
        MemorySegment s = MemorySegment.ofArray(b);
        int[] seen = {0};
        int bad = NetlinkSocket.walk(new NetlinkMessage(), s, s.byteSize(), m -> ++seen[0] > 0);
        assertThat(seen[0]).isEqualTo(1);
        assertThat(bad).isEqualTo(1);
    }

    @Test
    void headerShorterThanItselfIsRejected() {
        MemorySegment s = MemorySegment.ofArray(new byte[] {8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertThat(new NetlinkMessage().wrap(s, 0, 16)).isFalse();
        assertThat(new NetlinkMessage().wrap(s, 0, 12)).isFalse();
        assertThat(NetlinkSocket.walk(new NetlinkMessage(), s, 16, m -> true)).isEqualTo(1);
    }

    @Test
    void visitorRefusalsAreCountedAndTheWalkGoesOn() {
        MemorySegment s = new NlBuilder()
                .message(Rtnl.RTM_NEWROUTE, 0, 1, new byte[12])
                .message(Rtnl.RTM_NEWROUTE, 0, 1, new byte[12])
                .message(Rtnl.RTM_NEWROUTE, 0, 1, new byte[12])
                .segment();
        int[] n = {0};
        int bad = NetlinkSocket.walk(new NetlinkMessage(), s, s.byteSize(), m -> ++n[0] != 2);
        assertThat(n[0]).isEqualTo(3);
        assertThat(bad).isEqualTo(1);
    }

    @Test
    void attributeRunningPastItsMessageIsMalformed() {
        MemorySegment s = new NlBuilder()
                .message(Rtnl.RTM_NEWLINK, 0, 1, new byte[16])
                .attrU32(Rtnl.IFLA_MTU, 1500)
                .raw(new byte[] {(byte) 200, 0, 3, 0}) // claims 200 bytes, has 4
                .segment();
        NetlinkMessage m = new NetlinkMessage();
        assertThat(m.wrap(s, 0, s.byteSize())).isTrue();
        RtAttribute a = new RtAttribute();
        assertThat(a.first(s, m.payloadOffset() + 16, m.end())).isTrue();
        assertThat(a.next()).isFalse();
        assertThat(a.malformed()).isTrue();
    }

    @Test
    void strayBytesAfterTheLastAttributeAreMalformed() {
        MemorySegment s = new NlBuilder()
                .message(Rtnl.RTM_NEWLINK, 0, 1, new byte[16])
                .attrU32(Rtnl.IFLA_MTU, 1500)
                .raw(new byte[] {1, 2})
                .segment();
        NetlinkMessage m = new NetlinkMessage();
        m.wrap(s, 0, s.byteSize());
        RtAttribute a = new RtAttribute();
        assertThat(a.first(s, m.payloadOffset() + 16, m.end())).isTrue();
        assertThat(a.next()).isFalse();
        assertThat(a.malformed()).isTrue();
    }

    @Test
    void attributeValuesOfTheWrongSizeAreRefused() {
        MemorySegment s = new NlBuilder()
                .message(Rtnl.RTM_NEWADDR, 0, 1, new byte[8])
                .attr(Rtnl.IFA_ADDRESS, new byte[] {1, 2, 3})
                .attr(Rtnl.IFLA_ADDRESS, new byte[] {2, 0, 0, 0, 0, 1})
                .attr(Rtnl.IFLA_MTU, new byte[] {1, 2})
                .segment();
        NetlinkMessage m = new NetlinkMessage();
        m.wrap(s, 0, s.byteSize());
        RtAttribute a = new RtAttribute();
        a.first(s, m.payloadOffset() + 8, m.end());
        long[] out = new long[2];
        assertThat(a.address(out)).isFalse();
        assertThat(a.mac()).isEqualTo(-1);
        a.next();
        assertThat(a.mac()).isEqualTo(0x02_00_00_00_00_01L);
        a.next();
        assertThat(a.u32(-5)).isEqualTo(-5);
    }

    @Test
    void errorMessagesCarryTheNegatedErrno() {
        MemorySegment s = new NlBuilder()
                .message(NetlinkMessage.NLMSG_ERROR, 0, 1, NlBuilder.le32(-19))
                .message(NetlinkMessage.NLMSG_ERROR, 0, 1, new byte[0])
                .segment();
        NetlinkMessage m = new NetlinkMessage();
        assertThat(m.wrap(s, 0, s.byteSize())).isTrue();
        assertThat(m.errorCode()).isEqualTo(-19);
        assertThat(m.wrap(s, m.next(), s.byteSize())).isTrue();
        assertThat(m.errorCode()).isEqualTo(1);
    }
}
