package io.jlvs.core.xmit;

import static io.jlvs.core.xmit.Fixtures.ACK;
import static io.jlvs.core.xmit.Fixtures.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RandomFrames;
import io.jlvs.core.testframes.RefDecoder;
import io.jlvs.core.testframes.RefFrame;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * FULLNAT: each output is compared byte for byte with a frame the independent reference encoder
 * builds with the expected fields (so every checksum is a full recompute), and a client → server →
 * client round trip restores the client's tuple and sequence space, SACK blocks and ack included.
 */
class FullNatTest {
    @Provide
    Arbitrary<RefFrame> frames() {
        return RandomFrames.frames();
    }

    @Property(tries = 600)
    void roundTripRestoresTupleAndSequenceSpace(@ForAll("frames") RefFrame client, @ForAll long seed) {
        Random r = new Random(seed);
        boolean v6 = client.ipVersion == 6;
        client.protocol = r.nextBoolean() ? 6 : 17;
        long[] c = Fixtures.addr(client.src);
        long[] v = Fixtures.addr(client.dst);
        int cport = client.srcPort;
        int vport = client.dstPort;
        int clientSeq = client.seq;
        long[] lip = Fixtures.randomAddr(r, v6);
        long[] rip = Fixtures.randomAddr(r, v6);
        int lport = r.nextInt(0x10000);
        int rport = r.nextInt(0x10000);
        int delta = r.nextInt(4) == 0 ? 0 : r.nextInt();

        // Client → real server.
        byte[] frame = client.encode();
        ParsedPacket p = Fixtures.parse(frame);
        assertThat(FullNat.in(p, lip[0], lip[1], lport, rip[0], rip[1], rport, delta))
                .isTrue();
        client.src = Fixtures.bytes(lip);
        client.dst = Fixtures.bytes(rip);
        client.srcPort = lport;
        client.dstPort = rport;
        if (client.protocol == 6) {
            client.seq = clientSeq + delta;
        }
        assertThat(frame).as("what the real server receives").isEqualTo(client.encode());
        RefDecoder.Decoded seen = Fixtures.assertChecksums(frame);
        assertThat(p.srcPort()).isEqualTo(lport);
        assertThat(p.dstPort()).isEqualTo(rport);

        // The real server answers what it saw, acknowledging and selectively acknowledging its data.
        RefFrame reply = Fixtures.frame(
                Fixtures.addr(seen.dst), seen.dstPort, Fixtures.addr(seen.src), seen.srcPort, client.protocol);
        reply.v6Extensions.addAll(client.v6Extensions);
        reply.payload = RandomFrames.bytes(r, r.nextInt(64));
        reply.udpNoChecksum = !v6 && r.nextInt(4) == 0;
        int ackOffset = r.nextInt(100_000);
        int[] offsets = new int[2 * r.nextInt(4)];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = r.nextInt(1 << 20);
        }
        int nops = r.nextInt(4);
        boolean ts = offsets.length <= 4 && r.nextBoolean();
        reply.seq = r.nextInt();
        reply.tcpFlags = r.nextInt(256);
        reply.ack = seen.seq + ackOffset;
        int tsVal = r.nextInt();
        reply.tcpOptions = Fixtures.sackOptions(nops, shifted(offsets, seen.seq), ts, tsVal);
        byte[] back = reply.encode();
        ParsedPacket q = Fixtures.parse(back);
        assertThat(FullNat.out(q, v[0], v[1], vport, c[0], c[1], cport, delta)).isTrue();

        reply.src = Fixtures.bytes(v);
        reply.dst = Fixtures.bytes(c);
        reply.srcPort = vport;
        reply.dstPort = cport;
        if (client.protocol == 6) {
            if ((reply.tcpFlags & ACK) != 0) {
                reply.ack = clientSeq + ackOffset;
            }
            reply.tcpOptions = Fixtures.sackOptions(nops, shifted(offsets, clientSeq), ts, tsVal);
        }
        assertThat(back).as("what the client receives").isEqualTo(reply.encode());
        RefDecoder.Decoded got = Fixtures.assertChecksums(back);
        assertThat(got.src).isEqualTo(Fixtures.bytes(v));
        assertThat(got.dst).isEqualTo(Fixtures.bytes(c));
        if (client.protocol == 6 && offsets.length > 0) {
            RefDecoder.Option sack = got.tcpOptions.stream()
                    .filter(o -> o.kind() == 5)
                    .findFirst()
                    .orElseThrow();
            for (int i = 0; i < offsets.length; i++) {
                assertThat(Bytes.u32(sack.data(), 4 * i))
                        .as("SACK edge %d in the client's space", i)
                        .isEqualTo(clientSeq + offsets[i]);
            }
        }
    }

    private static int[] shifted(int[] offsets, int base) {
        int[] edges = new int[offsets.length];
        for (int i = 0; i < offsets.length; i++) {
            edges[i] = base + offsets[i];
        }
        return edges;
    }

    @Test
    void zeroDeltaLeavesSequenceNumbersAlone() {
        long[] c = Fixtures.addr("192.0.2.10");
        long[] v = Fixtures.addr("198.51.100.1");
        long[] l = Fixtures.addr("10.1.0.1");
        long[] rs = Fixtures.addr("10.2.0.7");
        RefFrame f = Fixtures.frame(c, 40000, v, 80, 6);
        f.seq = 1234;
        f.ack = 5678;
        byte[] frame = f.encode();
        assertThat(FullNat.in(Fixtures.parse(frame), l[0], l[1], 5001, rs[0], rs[1], 8080, 0))
                .isTrue();
        RefDecoder.Decoded d = Fixtures.assertChecksums(frame);
        assertThat(d.seq).isEqualTo(1234);
        assertThat(d.ack).isEqualTo(5678);
    }

    @Test
    void outLeavesAckAloneWithoutTheAckFlag() {
        long[] c = Fixtures.addr("2001:db8:c::10");
        long[] v = Fixtures.addr("2001:db8:f::1");
        long[] l = Fixtures.addr("2001:db8:1::1");
        long[] rs = Fixtures.addr("2001:db8:2::7");
        RefFrame synFromServer = Fixtures.frame(rs, 8080, l, 5001, 6);
        synFromServer.tcpFlags = SYN; // a simultaneous open: no ACK, so the ack field is not a sequence number
        synFromServer.ack = 99;
        byte[] frame = synFromServer.encode();
        assertThat(FullNat.out(Fixtures.parse(frame), v[0], v[1], 80, c[0], c[1], 40000, 1000))
                .isTrue();
        RefDecoder.Decoded d = Fixtures.assertChecksums(frame);
        assertThat(d.ack).isEqualTo(99);
        assertThat(d.srcPort).isEqualTo(80);
        assertThat(d.dstPort).isEqualTo(40000);
    }

    @Test
    void doesNotApplyAndChangesNothing() {
        long[] c = Fixtures.addr("192.0.2.10");
        long[] v = Fixtures.addr("198.51.100.1");
        long[] v6 = Fixtures.addr("2001:db8::1");
        long[] l = Fixtures.addr("10.1.0.1");
        RefFrame tcp = Fixtures.frame(c, 40000, v, 80, 6);
        RefFrame icmp = Fixtures.frame(c, 0, v, 0, 1);
        byte[][] cases = {tcp.encode(), icmp.encode()};
        for (byte[] frame : cases) {
            byte[] before = frame.clone();
            ParsedPacket p = Fixtures.parse(frame);
            boolean isTcp = p.hasPorts();
            // Family mismatch (NAT64 is not a thing here), bad ports, or no ports at all.
            assertThat(FullNat.in(p, v6[0], v6[1], 1, l[0], l[1], 2, 5)).isFalse();
            assertThat(FullNat.in(p, l[0], l[1], 1, v6[0], v6[1], 2, 5)).isFalse();
            assertThat(FullNat.in(p, l[0], l[1], 0x10000, l[0], l[1], 2, 5)).isFalse();
            assertThat(FullNat.out(p, v6[0], v6[1], 1, c[0], c[1], 2, 5)).isFalse();
            assertThat(FullNat.out(p, v[0], v[1], 1, c[0], c[1], -1, 5)).isFalse();
            assertThat(frame).isEqualTo(before);
            assertThat(FullNat.in(p, l[0], l[1], 1, l[0], l[1], 2, 5)).isEqualTo(isTcp);
        }
        // An IPv6 packet refuses IPv4-mapped addresses.
        RefFrame six = Fixtures.frame(Fixtures.addr("2001:db8::10"), 1, v6, 2, 17);
        byte[] frame = six.encode();
        byte[] before = frame.clone();
        assertThat(FullNat.in(Fixtures.parse(frame), l[0], l[1], 1, v6[0], v6[1], 2, 0))
                .isFalse();
        assertThat(frame).isEqualTo(before);
    }

    // ---- initial sequence number ----

    private static int isn(
            long secret, long[] c, int cport, long[] l, int lport, long[] rs, int rport, int clientIsn, long now) {
        return clientIsn
                + FullNat.initialSeqDelta(
                        secret, c[0], c[1], cport, l[0], l[1], lport, rs[0], rs[1], rport, clientIsn, now);
    }

    @Test
    void isnGrowsWithTheFourMicrosecondClockForOnePair() {
        long secret = 0x1234_5678_9ABC_DEF0L;
        long[] c = Fixtures.addr("192.0.2.10");
        long[] l = Fixtures.addr("10.1.0.1");
        long[] rs = Fixtures.addr("10.2.0.7");
        int first = isn(secret, c, 40000, l, 5001, rs, 80, 777, 1_000_000);
        for (long ms : new long[] {1, 2, 10, 60_000, 3_600_000}) {
            int later = isn(secret, c, 40000, l, 5001, rs, 80, 777, 1_000_000 + ms);
            assertThat(later - first).as("after %d ms", ms).isEqualTo((int) (ms * 250));
        }
    }

    @Test
    void isnIsTheSameForEveryClientOfAPairAndReusesIncrease() {
        long secret = 42;
        long[] l = Fixtures.addr("10.1.0.1");
        long[] rs = Fixtures.addr("10.2.0.7");
        Random r = new Random(1);
        int previous = 0;
        for (int reuse = 0; reuse < 50; reuse++) {
            long now = 5_000_000L + reuse * 120_000L; // TIME_WAIT is 60 s; reuse every 2 minutes
            long[] c = Fixtures.randomAddr(r, false);
            int clientIsn = r.nextInt();
            int isn = isn(secret, c, r.nextInt(0x10000), l, 5001, rs, 80, clientIsn, now);
            long[] other = Fixtures.randomAddr(r, false);
            assertThat(isn(secret, other, r.nextInt(0x10000), l, 5001, rs, 80, r.nextInt(), now))
                    .as("the client does not enter F")
                    .isEqualTo(isn);
            if (reuse > 0) {
                // Sequence-space "after" (RFC 1982 style): what the server's TIME_WAIT check needs.
                assertThat(isn - previous).as("reuse %d", reuse).isPositive();
            }
            previous = isn;
        }
    }

    @Test
    void isnDependsOnThePairAndTheSecret() {
        long[] c = Fixtures.addr("192.0.2.10");
        long[] l = Fixtures.addr("10.1.0.1");
        long[] l2 = Fixtures.addr("10.1.0.2");
        long[] rs = Fixtures.addr("10.2.0.7");
        long[] rs6 = Fixtures.addr("2001:db8::7");
        long[] l6 = Fixtures.addr("2001:db8::1");
        long now = 123_456;
        int base = isn(7, c, 1, l, 5001, rs, 80, 0, now);
        assertThat(isn(8, c, 1, l, 5001, rs, 80, 0, now)).isNotEqualTo(base);
        assertThat(isn(7, c, 1, l2, 5001, rs, 80, 0, now)).isNotEqualTo(base);
        assertThat(isn(7, c, 1, l, 5002, rs, 80, 0, now)).isNotEqualTo(base);
        assertThat(isn(7, c, 1, l, 5001, rs, 81, 0, now)).isNotEqualTo(base);
        assertThat(isn(7, c, 1, l6, 5001, rs6, 80, 0, now)).isNotEqualTo(base);
        // Deterministic for the same inputs, and the delta is relative to the client's ISN.
        assertThat(isn(7, c, 1, l, 5001, rs, 80, 0, now)).isEqualTo(base);
        assertThat(isn(7, c, 1, l, 5001, rs, 80, 0x7654_3210, now)).isEqualTo(base);
    }

    @Test
    void isnFUsesSipHashOfTheServerSideTuple() {
        long secret = 0x0706_0504_0302_0100L;
        long[] l = Fixtures.addr("10.1.0.1");
        long[] rs = Fixtures.addr("10.2.0.7");
        long k1 = Long.rotateLeft(secret * 0x9E37_79B9_7F4A_7C15L, 29) ^ 0x9E37_79B9_7F4A_7C15L;
        long ports = (5001L << 16) | 80;
        int f = (int) SipHash.hash(secret, k1, new long[] {l[0], l[1], rs[0], rs[1], ports});
        long[] c = Fixtures.addr("192.0.2.10");
        assertThat(isn(secret, c, 1, l, 5001, rs, 80, 0, 0)).isEqualTo(f);
        assertThat(isn(secret, c, 1, l, 5001, rs, 80, 0, 4)).isEqualTo(f + 1000);
        assertThat(InetAddr.isV4(l[0], l[1])).isTrue();
    }
}
