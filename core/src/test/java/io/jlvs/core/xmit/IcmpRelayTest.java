package io.jlvs.core.xmit;

import static io.jlvs.core.xmit.Fixtures.ACK;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.PacketRewriter;
import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RandomFrames;
import io.jlvs.core.testframes.RefDecoder;
import io.jlvs.core.testframes.RefFrame;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * ICMP error relay. Each scenario sends a packet through NAT or FULLNAT, has the far side return an
 * ICMP error quoting what it received (whole or cut short), relays the error back and demands the
 * exact frame the reference encoder builds for an error quoting the original packet: outer addresses,
 * quote addresses, ports and sequence number, the quoted IPv4 header checksum, the quoted L4 checksum
 * (also when the quote does not reach the data it covers) and the outer ICMP checksum, all bit for bit.
 */
class IcmpRelayTest {
    /** How much of the quoted datagram's L4 part the error carries; -1 is all of it. */
    private static final int[] QUOTE_L4 = {8, 12, 17, 18, 20, -1};

    private static byte[] quote(byte[] frame, int l4Bytes) {
        RefDecoder.Decoded d = RefDecoder.decode(frame);
        byte[] datagram = Fixtures.datagram(frame);
        int n = l4Bytes < 0 ? datagram.length : Math.min(datagram.length, d.ipHeaderLength + l4Bytes);
        return Bytes.slice(datagram, 0, n);
    }

    private static RefFrame error(long[] from, long[] to, boolean v6, int kind, byte[] quote) {
        RefFrame e = Fixtures.frame(from, 0, to, 0, v6 ? 58 : 1);
        e.ttl = 60;
        e.ipId = 0x7777;
        int[][] types = v6
                ? new int[][] {{1, 4, 0}, {2, 0, 1400}, {3, 0, 0}}
                : new int[][] {{3, 3, 0}, {3, 4, 1400}, {11, 0, 0}};
        int[] t = types[kind % 3];
        e.icmpType = t[0];
        e.icmpCode = t[1];
        e.icmpRest = t[2];
        e.payload = quote;
        return e;
    }

    private static ParsedPacket[] parseError(byte[] frame) {
        ParsedPacket outer = Fixtures.parse(frame);
        ParsedPacket inner = new ParsedPacket();
        assertThat(PacketParser.parseQuoted(outer, inner)).isEqualTo(ParseResult.OK);
        return new ParsedPacket[] {outer, inner};
    }

    @Property(tries = 800)
    void relayedErrorsQuoteWhatTheReceiverSent(
            @ForAll boolean v6,
            @ForAll boolean tcp,
            @ForAll boolean fullNat,
            @ForAll boolean toClient,
            @ForAll long seed) {
        Random r = new Random(seed);
        long[] c = Fixtures.randomAddr(r, v6);
        long[] v = Fixtures.randomAddr(r, v6);
        long[] lip = Fixtures.randomAddr(r, v6);
        long[] rip = Fixtures.randomAddr(r, v6);
        long[] router = Fixtures.randomAddr(r, v6);
        int cport = r.nextInt(0x10000);
        int vport = r.nextInt(0x10000);
        int lport = r.nextInt(0x10000);
        int rport = r.nextInt(0x10000);
        int delta = fullNat ? r.nextInt() : 0;
        int protocol = tcp ? 6 : 17;
        int l4Bytes = QUOTE_L4[r.nextInt(QUOTE_L4.length)];
        int kind = r.nextInt(3);

        if (toClient) {
            // The client's packet, as the director forwarded it to the real server.
            RefFrame sent = Fixtures.frame(c, cport, v, vport, protocol);
            randomise(sent, r, v6);
            byte[] original = sent.encode();
            byte[] forwarded = original.clone();
            ParsedPacket p = Fixtures.parse(forwarded);
            assertThat(
                            fullNat
                                    ? FullNat.in(p, lip[0], lip[1], lport, rip[0], rip[1], rport, delta)
                                    : Nat.in(p, rip[0], rip[1], rport, 0))
                    .isTrue();
            // The real server (or a router before it) reports on it to the packet's source.
            long[] reporter = r.nextBoolean() ? rip : router;
            RefFrame e = error(reporter, fullNat ? lip : c, v6, kind, quote(forwarded, l4Bytes));
            byte[] frame = e.encode();
            ParsedPacket[] pp = parseError(frame);
            assertThat(IcmpRelay.toClient(pp[0], pp[1], v[0], v[1], vport, c[0], c[1], cport, -delta))
                    .isTrue();

            e.src = Fixtures.bytes(v);
            e.dst = Fixtures.bytes(c);
            e.payload = expectedQuote(quote(original, l4Bytes), e.payload, tcp, l4Bytes);
            assertThat(frame).as("the error the client receives").isEqualTo(e.encode());
            assertThat(pp[0].dstLo()).isEqualTo(c[1]);
        } else {
            // A real server's reply, as the director forwarded it to the client.
            RefFrame reply = Fixtures.frame(rip, rport, fullNat ? lip : c, fullNat ? lport : cport, protocol);
            randomise(reply, r, v6);
            int synproxyDelta = r.nextBoolean() ? r.nextInt() : 0;
            byte[] forwarded = reply.encode();
            ParsedPacket p = Fixtures.parse(forwarded);
            assertThat(
                            fullNat
                                    ? FullNat.out(p, v[0], v[1], vport, c[0], c[1], cport, delta)
                                    : Nat.out(p, v[0], v[1], vport, 0))
                    .isTrue();
            if (tcp) {
                PacketRewriter.seq(p, p.seq() + synproxyDelta); // what SYNPROXY adds on the way out
            }
            RefFrame e = error(router, v, v6, kind, quote(forwarded, l4Bytes));
            byte[] frame = e.encode();
            ParsedPacket[] pp = parseError(frame);
            long[] outerSrc = fullNat ? lip : router;
            long[] peer = fullNat ? lip : c;
            int peerPort = fullNat ? lport : cport;
            assertThat(IcmpRelay.toReal(
                            pp[0],
                            pp[1],
                            outerSrc[0],
                            outerSrc[1],
                            rip[0],
                            rip[1],
                            rport,
                            peer[0],
                            peer[1],
                            peerPort,
                            -synproxyDelta))
                    .isTrue();

            // The quoted ack stays in the client's space (documented): only FULLNAT moved it.
            if (tcp && fullNat && (reply.tcpFlags & ACK) != 0) {
                reply.ack -= delta;
            }
            e.src = Fixtures.bytes(outerSrc);
            e.dst = Fixtures.bytes(rip);
            e.payload = expectedQuote(quote(reply.encode(), l4Bytes), e.payload, tcp, l4Bytes);
            assertThat(frame).as("the error the real server receives").isEqualTo(e.encode());
        }
    }

    /**
     * The quote the receiver should get. A quote that ends inside the TCP checksum field (17 bytes of
     * TCP) holds half a checksum, which cannot be updated without the other half: it stays as quoted.
     */
    private static byte[] expectedQuote(byte[] original, byte[] asQuoted, boolean tcp, int l4Bytes) {
        byte[] expected = original.clone();
        if (tcp && l4Bytes == 17) {
            expected[expected.length - 1] = asQuoted[asQuoted.length - 1];
        }
        return expected;
    }

    /** Random sequence numbers, flags, options without SACK, payload; sometimes no UDP checksum or IPv6 extension headers. */
    private static void randomise(RefFrame f, Random r, boolean v6) {
        f.seq = r.nextInt();
        f.ack = r.nextInt();
        f.tcpFlags = r.nextInt(256);
        f.ttl = 1 + r.nextInt(255);
        f.ipId = r.nextInt(0x10000);
        f.tcpOptions = r.nextBoolean() ? new byte[] {2, 4, 5, (byte) 0xB4, 1, 3, 3, 7} : new byte[0];
        f.payload = RandomFrames.bytes(r, r.nextInt(60));
        f.udpNoChecksum = !v6 && r.nextInt(4) == 0;
        if (!v6 && r.nextInt(4) == 0) {
            f.ipv4Options = new byte[] {1, 1, 1, 0};
        }
        if (v6 && r.nextInt(4) == 0) {
            f.v6Extensions.add(new Object[] {60, new byte[7]});
        }
    }

    @Test
    void fullNatErrorFromTheRealServerSideWithAShortQuote() {
        long[] c = Fixtures.addr("192.0.2.10");
        long[] v = Fixtures.addr("198.51.100.1");
        long[] l = Fixtures.addr("10.1.0.1");
        long[] rs = Fixtures.addr("10.2.0.7");
        RefFrame sent = Fixtures.frame(c, 40000, v, 80, 6);
        sent.seq = 1000;
        sent.payload = new byte[1400];
        byte[] original = sent.encode();
        byte[] forwarded = original.clone();
        FullNat.in(Fixtures.parse(forwarded), l[0], l[1], 5001, rs[0], rs[1], 8080, 500_000);
        // Frag needed from a router on the real-server side, with RFC 792's minimal quote.
        RefFrame e = error(Fixtures.addr("10.2.0.254"), l, false, 1, quote(forwarded, 8));
        byte[] frame = e.encode();
        ParsedPacket[] pp = parseError(frame);
        assertThat(pp[1].seq()).isEqualTo(1000 + 500_000);
        assertThat(IcmpRelay.toClient(pp[0], pp[1], v[0], v[1], 80, c[0], c[1], 40000, -500_000))
                .isTrue();

        RefDecoder.Decoded d = Fixtures.assertChecksums(frame);
        assertThat(d.src).isEqualTo(Fixtures.bytes(v));
        assertThat(d.dst).isEqualTo(Fixtures.bytes(c));
        assertThat(d.icmpType).isEqualTo(3);
        assertThat(d.icmpCode).isEqualTo(4);
        assertThat(d.icmpRest).as("MTU passed on").isEqualTo(1400);
        byte[] q = d.payload;
        assertThat(q).hasSize(28);
        assertThat(Bytes.slice(q, 12, 16)).isEqualTo(Fixtures.bytes(c));
        assertThat(Bytes.slice(q, 16, 20)).isEqualTo(Fixtures.bytes(v));
        assertThat(Bytes.u16(q, 20)).isEqualTo(40000);
        assertThat(Bytes.u16(q, 22)).isEqualTo(80);
        assertThat(Bytes.u32(q, 24)).as("seq back in the client's space").isEqualTo(1000);
        assertThat(q).isEqualTo(Bytes.slice(Fixtures.datagram(original), 0, 28));
    }

    @Test
    void quotedUdpWithoutChecksumKeepsNone() {
        long[] c = Fixtures.addr("192.0.2.10");
        long[] v = Fixtures.addr("198.51.100.1");
        long[] rs = Fixtures.addr("10.2.0.7");
        RefFrame sent = Fixtures.frame(c, 5353, v, 53, 17);
        sent.udpNoChecksum = true;
        sent.payload = new byte[] {1, 2, 3, 4};
        byte[] original = sent.encode();
        byte[] forwarded = original.clone();
        Nat.in(Fixtures.parse(forwarded), rs[0], rs[1], 53, 0);
        RefFrame e = error(rs, c, false, 0, quote(forwarded, -1));
        byte[] frame = e.encode();
        ParsedPacket[] pp = parseError(frame);
        assertThat(IcmpRelay.toClient(pp[0], pp[1], v[0], v[1], 53, c[0], c[1], 5353, 0))
                .isTrue();
        RefDecoder.Decoded d = Fixtures.assertChecksums(frame);
        assertThat(Bytes.u16(d.payload, 26)).isZero();
        assertThat(d.payload).isEqualTo(Fixtures.datagram(original));
    }

    @Test
    void relaysOnlyErrorsAboutTcpAndUdp() {
        long[] a = Fixtures.addr("192.0.2.10");
        long[] b = Fixtures.addr("198.51.100.1");
        long[] a6 = Fixtures.addr("2001:db8::a");
        long[] b6 = Fixtures.addr("2001:db8::b");
        byte[] tcpQuote = quote(Fixtures.frame(b, 80, a, 40000, 6).encode(), -1);
        byte[] tcpQuote6 = quote(Fixtures.frame(b6, 80, a6, 40000, 6).encode(), -1);
        int[][] v4 = {{3, 1}, {11, 1}, {4, 0}, {5, 0}, {12, 0}};
        int[][] v6 = {{1, 1}, {2, 1}, {3, 1}, {4, 0}};
        for (int[] t : v4) {
            RefFrame e = error(a, b, false, 0, tcpQuote);
            e.icmpType = t[0];
            byte[] frame = e.encode();
            byte[] before = frame.clone();
            ParsedPacket[] pp = parseError(frame);
            assertThat(IcmpRelay.isRelayable(pp[0])).as("ICMP type %d", t[0]).isEqualTo(t[1] == 1);
            assertThat(IcmpRelay.toReal(pp[0], pp[1], a[0], a[1], b[0], b[1], 1, a[0], a[1], 2, 0))
                    .isEqualTo(t[1] == 1);
            if (t[1] == 0) {
                assertThat(frame).isEqualTo(before);
            }
        }
        for (int[] t : v6) {
            RefFrame e = error(a6, b6, true, 0, tcpQuote6);
            e.icmpType = t[0];
            ParsedPacket[] pp = parseError(e.encode());
            assertThat(IcmpRelay.isRelayable(pp[0])).as("ICMPv6 type %d", t[0]).isEqualTo(t[1] == 1);
        }
        // Not an error at all.
        RefFrame ping = Fixtures.frame(a, 0, b, 0, 1);
        assertThat(IcmpRelay.isRelayable(Fixtures.parse(ping.encode()))).isFalse();

        // An error about a ping has no ports to translate.
        RefFrame echo = Fixtures.frame(b, 0, a, 0, 1);
        byte[] frame = error(a, b, false, 0, quote(echo.encode(), -1)).encode();
        byte[] before = frame.clone();
        ParsedPacket[] pp = parseError(frame);
        assertThat(IcmpRelay.toClient(pp[0], pp[1], b[0], b[1], 1, a[0], a[1], 2, 0))
                .isFalse();
        assertThat(frame).isEqualTo(before);
    }

    @Test
    void refusesMismatchedArgumentsAndChangesNothing() {
        long[] a = Fixtures.addr("192.0.2.10");
        long[] b = Fixtures.addr("198.51.100.1");
        long[] six = Fixtures.addr("2001:db8::1");
        byte[] frame = error(
                        a, b, false, 0, quote(Fixtures.frame(b, 80, a, 40000, 6).encode(), -1))
                .encode();
        byte[] before = frame.clone();
        ParsedPacket[] pp = parseError(frame);
        ParsedPacket outer = pp[0];
        ParsedPacket inner = pp[1];
        assertThat(IcmpRelay.toClient(outer, inner, six[0], six[1], 1, a[0], a[1], 2, 0))
                .isFalse();
        assertThat(IcmpRelay.toClient(outer, inner, b[0], b[1], 1, six[0], six[1], 2, 0))
                .isFalse();
        assertThat(IcmpRelay.toClient(outer, inner, b[0], b[1], 0x10000, a[0], a[1], 2, 0))
                .isFalse();
        assertThat(IcmpRelay.toReal(outer, inner, six[0], six[1], b[0], b[1], 1, a[0], a[1], 2, 0))
                .isFalse();
        assertThat(IcmpRelay.toReal(outer, inner, a[0], a[1], b[0], b[1], 1, six[0], six[1], 2, 0))
                .isFalse();
        assertThat(IcmpRelay.toReal(outer, inner, a[0], a[1], b[0], b[1], -1, a[0], a[1], 2, 0))
                .isFalse();
        // The inner packet must be this error's own quote.
        assertThat(IcmpRelay.toClient(outer, outer, b[0], b[1], 1, a[0], a[1], 2, 0))
                .isFalse();
        ParsedPacket elsewhere = new ParsedPacket();
        byte[] other = frame.clone();
        ParsedPacket otherOuter = new ParsedPacket();
        PacketParser.parse(MemorySegment.ofArray(other), 0, other.length, otherOuter);
        PacketParser.parseQuoted(otherOuter, elsewhere);
        assertThat(IcmpRelay.toClient(outer, elsewhere, b[0], b[1], 1, a[0], a[1], 2, 0))
                .isFalse();
        assertThat(frame).isEqualTo(before);
        assertThat(other).isEqualTo(before);
    }
}
