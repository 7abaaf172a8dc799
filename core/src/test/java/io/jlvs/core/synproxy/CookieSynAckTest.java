package io.jlvs.core.synproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.checksum.Checksums;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.FrameWriter;
import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.TcpHeader;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The cookie SYN-ACK, written word by word with checksums summed from the values, is byte for byte
 * the frame {@link FrameWriter} builds layer by layer from the same decisions, and parses back with
 * valid checksums: IPv4 and IPv6, every combination of the client's options and the settings.
 */
class CookieSynAckTest {
    static final long CLIENT_MAC = 0x02_00_00_00_0C_01L;
    static final long OUR_MAC = 0x02_00_00_00_00_02L;

    final MemorySegment syn = Arena.ofAuto().allocate(256);
    final MemorySegment out = Arena.ofAuto().allocate(CookieSynAck.MAX_FRAME);
    final MemorySegment expected = Arena.ofAuto().allocate(256);
    final FrameWriter w = new FrameWriter();

    @Property(tries = 1000)
    void isTheFrameWritersFrameWithValidChecksums(
            @ForAll boolean v6,
            @ForAll int clientIsn,
            @ForAll @IntRange(max = 65535) int cport,
            @ForAll @IntRange(min = 0, max = 9000) int clientMss,
            @ForAll boolean clientMssSent,
            @ForAll @IntRange(min = -1, max = 14) int clientWscale,
            @ForAll boolean clientSack,
            @ForAll boolean clientTs,
            @ForAll boolean clientEcn,
            @ForAll int clientTsVal,
            @ForAll boolean sackSetting,
            @ForAll boolean tsSetting,
            @ForAll @IntRange(min = 0, max = 14) int wscaleSetting,
            @ForAll @IntRange(min = 1, max = 255) int ttl,
            @ForAll int clock) {
        long[] c = InetAddr.parse(v6 ? "2001:db8:0:c::11" : "198.18.0.11");
        long[] v = InetAddr.parse(v6 ? "2001:db8:0:c::100" : "198.18.0.100");
        int flags = TcpHeader.SYN | (clientEcn ? TcpHeader.ECE | TcpHeader.CWR : 0);
        w.begin(syn, 0, 256)
                .ethernet(OUR_MAC, CLIENT_MAC)
                .ip(c[0], c[1], v[0], v[1])
                .tcp(cport, 80, clientIsn, 0, flags, 64240);
        if (clientMssSent) {
            w.mss(clientMss);
        }
        if (clientSack) {
            w.sackPermitted();
        }
        if (clientTs) {
            w.timestamps(clientTsVal, 0);
        }
        if (clientWscale >= 0) {
            w.nop().windowScale(clientWscale);
        }
        int synLength = w.finish();
        ParsedPacket p = new ParsedPacket();
        assertThat(PacketParser.parse(syn, 0, synLength, p)).isEqualTo(ParseResult.OK);
        SynProxySettings s = new SynProxySettings(1452, sackSetting, wscaleSetting, tsSetting, ttl, false, 3, 10, 3);
        SynCookies cookies = new SynCookies(99);
        SynOptions opts = new SynOptions().read(p.tcpOptions());

        int length = CookieSynAck.write(p, opts, cookies, s, out, 0, OUR_MAC, clock, 0);

        // The reference: the same decisions through FrameWriter.
        int cookie = cookies.encode(c[0], c[1], cport, v[0], v[1], 80, clientIsn, Math.min(opts.mss, 1452), clock);
        boolean ts = clientTs && tsSetting;
        boolean sack = ts && clientSack && sackSetting;
        boolean ws = ts && clientWscale >= 0 && wscaleSetting > 0;
        w.begin(expected, 0, 256).ethernet(CLIENT_MAC, OUR_MAC);
        if (v6) {
            w.ipv6(v[0], v[1], c[0], c[1], ttl, 0, 0);
        } else {
            w.ipv4(InetAddr.v4(v[1]), InetAddr.v4(c[1]), ttl, 0, 0, true);
        }
        w.tcp(80, cport, cookie, clientIsn + 1, TcpHeader.SYN | TcpHeader.ACK | (clientEcn ? TcpHeader.ECE : 0), 65535)
                .mss(SynCookies.mss(cookie & 7));
        if (ts) {
            if (sack) {
                w.sackPermitted();
            } else {
                w.nop().nop();
            }
            w.timestamps(SynCookies.timestamp(clock, ws ? clientWscale : -1, sack, clientEcn), clientTsVal);
            if (ws) {
                w.nop().windowScale(wscaleSetting);
            }
        }
        int expectedLength = w.finish();

        assertThat(length).isEqualTo(expectedLength);
        assertThat(out.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE))
                .isEqualTo(expected.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE));
        ParsedPacket back = new ParsedPacket();
        assertThat(PacketParser.parse(out, 0, length, back)).isEqualTo(ParseResult.OK);
        if (!v6) {
            assertThat(Checksums.verifyIpv4Header(out, back.l3Offset())).isTrue();
        }
        assertThat(Checksums.verifyL4(back)).isTrue();
    }

    @Property(tries = 50)
    void aBufferTooSmallIsRefusedNotOverrun(@ForAll @IntRange(min = 0, max = 93) int room) {
        long[] c = InetAddr.parse("2001:db8:0:c::11");
        long[] v = InetAddr.parse("2001:db8:0:c::100");
        int synLength = w.begin(syn, 0, 256)
                .ethernet(OUR_MAC, CLIENT_MAC)
                .ip(c[0], c[1], v[0], v[1])
                .tcp(40000, 80, 1, 0, TcpHeader.SYN, 64240)
                .mss(1460)
                .sackPermitted()
                .timestamps(5, 0)
                .nop()
                .windowScale(7)
                .finish();
        ParsedPacket p = new ParsedPacket();
        PacketParser.parse(syn, 0, synLength, p);
        MemorySegment small = Arena.ofAuto().allocate(room);
        assertThat(CookieSynAck.write(
                        p,
                        new SynOptions().read(p.tcpOptions()),
                        new SynCookies(1),
                        SynProxySettings.DEFAULTS,
                        small,
                        0,
                        OUR_MAC,
                        0,
                        0))
                .isEqualTo(FrameWriter.OVERFLOW);
    }
}
