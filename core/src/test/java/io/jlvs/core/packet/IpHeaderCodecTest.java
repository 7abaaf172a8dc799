package io.jlvs.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RefDecoder;
import io.jlvs.core.testframes.RefFrame;
import java.lang.foreign.MemorySegment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Ipv4Header and Ipv6Header: field reads, writes and checksum-keeping rewrites. */
class IpHeaderCodecTest {
    @Test
    void ipv4ReadsEveryField() {
        RefFrame f = new RefFrame();
        f.tos = 0xB8;
        f.ipId = 0x4321;
        f.fragmentWord = 0x2000 | 0x0010;
        f.ttl = 3;
        f.ipv4Options = new byte[] {1, 1, 1, 0}; // NOP NOP NOP EOL
        f.protocol = 99;
        f.payload = new byte[10];
        byte[] frame = f.encode();
        Ipv4Header ip = new Ipv4Header().wrap(MemorySegment.ofArray(frame), 14);
        assertThat(ip.version()).isEqualTo(4);
        assertThat(ip.ihl()).isEqualTo(6);
        assertThat(ip.headerLength()).isEqualTo(24);
        assertThat(ip.optionsOffset()).isEqualTo(34);
        assertThat(ip.optionsLength()).isEqualTo(4);
        assertThat(ip.tos()).isEqualTo(0xB8);
        assertThat(ip.totalLength()).isEqualTo(34);
        assertThat(ip.id()).isEqualTo(0x4321);
        assertThat(ip.moreFragments()).isTrue();
        assertThat(ip.dontFragment()).isFalse();
        assertThat(ip.fragmentOffset()).isEqualTo(128);
        assertThat(ip.isFragment()).isTrue();
        assertThat(ip.ttl()).isEqualTo(3);
        assertThat(ip.protocol()).isEqualTo(99);
        assertThat(ip.src()).isEqualTo(0x0A000001);
        assertThat(ip.dst()).isEqualTo(0x0A000002);
        assertThat(ip.checksumValid()).isTrue();
        assertThat(ip.computeChecksum()).isEqualTo(ip.checksum());
        assertThat(ip.segment()).isNotNull();
        assertThat(ip.offset()).isEqualTo(14);
    }

    @Test
    void ipv4WriteRoundTrips() {
        byte[] frame = new byte[14 + 20];
        Bytes.put16(frame, 12, 0x0800);
        Ipv4Header ip = new Ipv4Header().wrap(MemorySegment.ofArray(frame), 14);
        ip.write(0x10, 20, 7, Ipv4Header.FLAG_DF, 128, IpProtocol.UDP, 0xC0A80001, 0xC0A800C7)
                .fillChecksum();
        RefDecoder.Decoded d = RefDecoder.decode(frame);
        assertThat(d.ipVersion).isEqualTo(4);
        assertThat(d.ipHeaderLength).isEqualTo(20);
        assertThat(d.tos).isEqualTo(0x10);
        assertThat(d.ipId).isEqualTo(7);
        assertThat(d.fragmentWord).isEqualTo(0x4000);
        assertThat(d.ttl).isEqualTo(128);
        assertThat(d.protocol).isEqualTo(17);
        assertThat(Bytes.u32(d.src, 0)).isEqualTo(0xC0A80001);
        assertThat(d.storedIpChecksum).isEqualTo(d.expectedIpChecksum);
    }

    @Property(tries = 300)
    void ipv4RewritesKeepTheHeaderChecksumExact(
            @ForAll int src,
            @ForAll int dst,
            @ForAll @IntRange(max = 255) int ttl,
            @ForAll @IntRange(min = 20, max = 0xFFFF) int total) {
        RefFrame f = new RefFrame();
        f.ttl = ttl;
        byte[] frame = f.encode();
        Ipv4Header ip = new Ipv4Header().wrap(MemorySegment.ofArray(frame), 14);
        ip.rewriteSrc(src).rewriteDst(dst).rewriteTotalLength(total);
        int after = ip.decrementTtl();
        assertThat(after).isEqualTo(Math.max(0, ttl - 1));
        RefDecoder.Decoded d = RefDecoder.decode(Bytes.slice(frame, 0, 34));
        assertThat(Bytes.u32(d.src, 0)).isEqualTo(src);
        assertThat(Bytes.u32(d.dst, 0)).isEqualTo(dst);
        assertThat(d.ttl).isEqualTo(after);
        assertThat(d.protocol).isEqualTo(6);
        assertThat(d.storedIpChecksum).isEqualTo(d.expectedIpChecksum);
    }

    @Test
    void ipv6ReadsWritesAndRewrites() {
        RefFrame f = new RefFrame().v6("2001:db8::1", "2001:db8::2");
        f.tos = 0x2E;
        f.ttl = 1;
        byte[] frame = f.encode();
        Ipv6Header ip = new Ipv6Header().wrap(MemorySegment.ofArray(frame), 14);
        assertThat(ip.version()).isEqualTo(6);
        assertThat(ip.trafficClass()).isEqualTo(0x2E);
        assertThat(ip.flowLabel()).isZero();
        assertThat(ip.payloadLength()).isEqualTo(20);
        assertThat(ip.nextHeader()).isEqualTo(IpProtocol.TCP);
        assertThat(ip.hopLimit()).isEqualTo(1);
        long[] src = InetAddr.parse("2001:db8::1");
        assertThat(ip.srcHi()).isEqualTo(src[0]);
        assertThat(ip.srcLo()).isEqualTo(src[1]);
        assertThat(ip.decrementHopLimit()).isZero();
        assertThat(ip.decrementHopLimit()).isZero();

        long[] rip = InetAddr.parse("fd00::7");
        long[] lip = InetAddr.parse("fd00::1");
        TcpHeader tcp = new TcpHeader().wrap(ip.segment(), 54);
        tcp.checksum(ip.rewriteDst(rip[0], rip[1], tcp.checksum()));
        tcp.checksum(ip.rewriteSrc(lip[0], lip[1], tcp.checksum()));
        RefDecoder.Decoded d = RefDecoder.decode(frame);
        assertThat(d.dst).isEqualTo(Bytes.v6(rip[0], rip[1]));
        assertThat(d.src).isEqualTo(Bytes.v6(lip[0], lip[1]));
        assertThat(d.storedL4Checksum).isEqualTo(d.expectedL4Checksum);

        ip.versionClassFlow(0xFF, 0xFFFFF).payloadLength(99).nextHeader(59).hopLimit(9);
        assertThat(ip.version()).isEqualTo(6);
        assertThat(ip.trafficClass()).isEqualTo(0xFF);
        assertThat(ip.flowLabel()).isEqualTo(0xFFFFF);
        assertThat(Bytes.u16(frame, 18)).isEqualTo(99);
        assertThat(frame[20]).isEqualTo((byte) 59);
    }

    @Test
    void ipv6WalkerReportsWhereTheUpperLayerStarts() {
        RefFrame f = new RefFrame().v6("::1", "::2");
        f.v6Extensions.add(new Object[] {0, new byte[15]}); // claims len 0 → 8 bytes; tail is options
        ((byte[]) f.v6Extensions.get(0)[1])[0] = 1; // len 1 → 16 bytes
        byte[] fragment = new byte[7];
        Bytes.put16(fragment, 1, 0x0001); // offset 0, M set
        Bytes.put32(fragment, 3, 77);
        f.v6Extensions.add(new Object[] {44, fragment});
        f.v6Extensions.add(new Object[] {43, new byte[7]});
        byte[] frame = f.encode();
        Ipv6Header ip = new Ipv6Header().wrap(MemorySegment.ofArray(frame), 14);
        long end = 14 + 40 + ip.payloadLength();
        assertThat(ip.walkExtensions(end)).isEqualTo(ParseResult.OK);
        assertThat(ip.upperProtocol()).isEqualTo(IpProtocol.TCP);
        assertThat(ip.upperOffset()).isEqualTo(14 + 40 + 16 + 8 + 8);
        assertThat(ip.hasFragmentHeader()).isTrue();
        assertThat(ip.fragmentHeaderOffset()).isEqualTo(14 + 40 + 16);
        assertThat(ip.isFragment()).isTrue();
        assertThat(ip.moreFragments()).isTrue();
        assertThat(ip.fragmentOffset()).isZero();
        assertThat(ip.fragmentId()).isEqualTo(77);
        // The same chain seen through a window that ends inside the routing header.
        assertThat(ip.wrap(ip.segment(), 14).walkExtensions(14 + 40 + 16 + 8 + 4))
                .isEqualTo(ParseResult.BAD_IPV6_EXT_HEADER);

        RefFrame twoFragments = new RefFrame().v6("::1", "::2");
        twoFragments.v6Extensions.add(new Object[] {44, new byte[7]});
        twoFragments.v6Extensions.add(new Object[] {44, new byte[7]});
        byte[] twice = twoFragments.encode();
        assertThat(new Ipv6Header().wrap(MemorySegment.ofArray(twice), 14).walkExtensions(twice.length))
                .isEqualTo(ParseResult.BAD_IPV6_EXT_HEADER);

        RefFrame esp = new RefFrame().v6("::1", "::2");
        esp.protocol = IpProtocol.ESP;
        esp.payload = new byte[32];
        esp.v6Extensions.add(new Object[] {60, new byte[7]});
        byte[] espFrame = esp.encode();
        Ipv6Header espIp = new Ipv6Header().wrap(MemorySegment.ofArray(espFrame), 14);
        assertThat(espIp.walkExtensions(espFrame.length)).isEqualTo(ParseResult.OK);
        assertThat(espIp.upperProtocol()).as("ESP is opaque").isEqualTo(IpProtocol.ESP);
        assertThat(espIp.hasFragmentHeader()).isFalse();
    }
}
