package io.jlvs.core.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RefDecoder;
import io.jlvs.core.testframes.RefFrame;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** EthernetFrame, ArpPacket and MacAddr: reads of reference-built frames, writes checked by the reference decoder. */
class LinkLayerCodecTest {
    @Test
    void ethernetReadsAndRewritesInPlace() {
        RefFrame f = new RefFrame();
        f.vlans.add(new int[] {0x9100, 0xE00A});
        f.vlans.add(new int[] {0x8100, 0x0FFF});
        byte[] frame = f.encode();
        MemorySegment s = MemorySegment.ofArray(frame);
        EthernetFrame eth = new EthernetFrame().wrap(s, 0);
        assertThat(eth.length()).isEqualTo(frame.length);
        assertThat(eth.decode()).isEqualTo(ParseResult.OK);
        assertThat(eth.dst()).isEqualTo(f.dstMac);
        assertThat(eth.src()).isEqualTo(f.srcMac);
        assertThat(eth.outerEtherType()).isEqualTo(0x9100);
        assertThat(eth.tagCount()).isEqualTo(2);
        assertThat(eth.tagProtocol(1)).isEqualTo(0x8100);
        assertThat(eth.tci(0)).isEqualTo(0xE00A);
        assertThat(eth.vlanId(0)).isEqualTo(0x00A);
        assertThat(eth.vlanId(1)).isEqualTo(0xFFF);
        assertThat(eth.etherType()).isEqualTo(EtherType.IPV4);
        assertThat(eth.l3Offset()).isEqualTo(22);

        eth.swapMacs().tci(1, 0x0123);
        RefDecoder.Decoded d = RefDecoder.decode(frame);
        assertThat(d.dstMac).isEqualTo(f.srcMac);
        assertThat(d.srcMac).isEqualTo(f.dstMac);
        assertThat(d.vlans.get(1)[1]).isEqualTo(0x0123);
        eth.dst(0xAABB_CCDD_EEFFL).src(1).outerEtherType(EtherType.IPV6);
        assertThat(Bytes.slice(frame, 0, 14))
                .containsExactly(0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0, 0, 0, 0, 0, 1, 0x86, 0xDD);
    }

    @Test
    void ethernetDecodeRefusesShortFrames() {
        MemorySegment s = MemorySegment.ofArray(new byte[20]);
        assertThat(new EthernetFrame().wrap(s, 0, 13).decode()).isEqualTo(ParseResult.TRUNCATED_ETHERNET);
        assertThat(new EthernetFrame().wrap(s, 10, 14).decode()).isEqualTo(ParseResult.TRUNCATED_ETHERNET);
        EthernetFrame ok = new EthernetFrame().wrap(s, 0, 14);
        assertThat(ok.decode()).isEqualTo(ParseResult.OK);
        assertThat(ok.etherType()).isZero();
        assertThat(ok.l3Offset()).isEqualTo(14);
    }

    @Test
    void arpRequestBecomesReplyInPlace() {
        RefFrame f = new RefFrame();
        f.ipVersion = 0;
        f.arpOp = ArpPacket.OP_REQUEST;
        f.dstMac = MacAddr.BROADCAST;
        f.arpSenderMac = 0x0200_0000_0042L;
        f.arpSenderIp = RefFrame.addr("10.1.1.1");
        f.arpTargetMac = 0;
        f.arpTargetIp = RefFrame.addr("10.1.1.100");
        byte[] frame = f.encode();
        MemorySegment s = MemorySegment.ofArray(frame);
        ArpPacket arp = new ArpPacket().wrap(s, 14);
        assertThat(arp.isEthernetIpv4()).isTrue();
        assertThat(arp.hardwareType()).isEqualTo(1);
        assertThat(arp.protocolType()).isEqualTo(0x0800);
        assertThat(arp.operation()).isEqualTo(ArpPacket.OP_REQUEST);
        assertThat(arp.senderMac()).isEqualTo(0x0200_0000_0042L);
        assertThat(arp.senderIp()).isEqualTo(0x0A010101);
        assertThat(arp.targetIp()).isEqualTo(0x0A010164);
        assertThat(arp.isGratuitous()).isFalse();

        long ours = 0x0200_5E00_0001L;
        arp.toReply(ours);
        new EthernetFrame().wrap(s, 0).dst(arp.targetMac()).src(ours);
        RefDecoder.Decoded d = RefDecoder.decode(frame);
        assertThat(d.dstMac).isEqualTo(0x0200_0000_0042L);
        assertThat(d.srcMac).isEqualTo(ours);
        assertThat(d.arpOp).isEqualTo(2);
        assertThat(d.arpSenderMac).isEqualTo(ours);
        assertThat(d.arpSenderIp).isEqualTo(0x0A010164);
        assertThat(d.arpTargetMac).isEqualTo(0x0200_0000_0042L);
        assertThat(d.arpTargetIp).isEqualTo(0x0A010101);
    }

    @Test
    void arpWriteRoundTrips() {
        byte[] body = new byte[28];
        ArpPacket arp = new ArpPacket().wrap(MemorySegment.ofArray(body), 0);
        arp.write(ArpPacket.OP_REPLY, 0x1122_3344_5566L, 0x01020304, 0xAABB_CCDD_EEFFL, 0x05060708);
        assertThat(body)
                .containsExactly(
                        0, 1, 8, 0, 6, 4, 0, 2, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 1, 2, 3, 4, 0xAA, 0xBB, 0xCC, 0xDD,
                        0xEE, 0xFF, 5, 6, 7, 8);
        body[5] = 16;
        assertThat(arp.isEthernetIpv4()).isFalse();
    }

    @Test
    void macAddressesParseAndFormat() {
        assertThat(MacAddr.parse("02:00:5e:00:00:01")).isEqualTo(0x0200_5E00_0001L);
        assertThat(MacAddr.parse("FF-FF-FF-FF-FF-FF")).isEqualTo(MacAddr.BROADCAST);
        assertThat(MacAddr.format(0x0200_5E00_0A01L)).isEqualTo("02:00:5e:00:0a:01");
        assertThat(MacAddr.isMulticast(MacAddr.BROADCAST)).isTrue();
        assertThat(MacAddr.isMulticast(0x3333_0000_0001L)).isTrue();
        assertThat(MacAddr.isMulticast(0x0200_5E00_0001L)).isFalse();
        assertThat(MacAddr.ofIpv6Multicast(0x0000_0001_FF12_3456L)).isEqualTo(0x3333_FF12_3456L);
        for (String bad : new String[] {"02:00:5e:00:00", "02:00:5e:00:00:0g", "02:00:5e:00:00:+1", "1:2:3:4:5:123"}) {
            assertThatThrownBy(() -> MacAddr.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
