package io.jlvs.core.xmit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.testframes.RandomFrames;
import io.jlvs.core.testframes.RefDecoder;
import io.jlvs.core.testframes.RefFrame;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** NAT: outputs equal the reference encoder's frames for the expected fields, and a round trip restores the tuple. */
class NatTest {
    @Provide
    Arbitrary<RefFrame> frames() {
        return RandomFrames.frames();
    }

    @Property(tries = 600)
    void roundTripRestoresTheTuple(@ForAll("frames") RefFrame client, @ForAll long seed) {
        Random r = new Random(seed);
        boolean v6 = client.ipVersion == 6;
        client.protocol = r.nextBoolean() ? 6 : 17;
        long[] c = Fixtures.addr(client.src);
        long[] v = Fixtures.addr(client.dst);
        int cport = client.srcPort;
        int vport = client.dstPort;
        long[] rip = Fixtures.randomAddr(r, v6);
        int rport = r.nextInt(0x10000);

        byte[] frame = client.encode();
        ParsedPacket p = Fixtures.parse(frame);
        assertThat(Nat.in(p, rip[0], rip[1], rport, 0)).isTrue();
        client.dst = Fixtures.bytes(rip);
        client.dstPort = rport;
        assertThat(frame).as("what the real server receives").isEqualTo(client.encode());
        RefDecoder.Decoded seen = Fixtures.assertChecksums(frame);
        assertThat(seen.src).as("NAT keeps the client address").isEqualTo(Fixtures.bytes(c));
        assertThat(p.dstPort()).isEqualTo(rport);

        RefFrame reply = Fixtures.frame(
                Fixtures.addr(seen.dst), seen.dstPort, Fixtures.addr(seen.src), seen.srcPort, client.protocol);
        reply.v6Extensions.addAll(client.v6Extensions);
        reply.seq = r.nextInt();
        reply.ack = seen.seq + r.nextInt(1000);
        reply.tcpFlags = r.nextInt(256);
        reply.tcpOptions = RandomFrames.tcpOptions(r);
        reply.udpNoChecksum = !v6 && r.nextInt(4) == 0;
        reply.payload = RandomFrames.bytes(r, r.nextInt(80));
        byte[] back = reply.encode();
        assertThat(Nat.out(Fixtures.parse(back), v[0], v[1], vport, 0)).isTrue();
        reply.src = Fixtures.bytes(v);
        reply.srcPort = vport;
        assertThat(back).as("what the client receives").isEqualTo(reply.encode());
        RefDecoder.Decoded got = Fixtures.assertChecksums(back);
        assertThat(got.dst).isEqualTo(Fixtures.bytes(c));
        assertThat(got.dstPort).isEqualTo(cport);
        assertThat(got.srcPort).isEqualTo(vport);
    }

    @Test
    void udpWithoutChecksumStaysWithout() {
        RefFrame f = Fixtures.frame(Fixtures.addr("192.0.2.1"), 5353, Fixtures.addr("198.51.100.1"), 53, 17);
        f.udpNoChecksum = true;
        f.payload = new byte[] {1, 2, 3};
        byte[] frame = f.encode();
        long[] rs = Fixtures.addr("10.0.0.9");
        assertThat(Nat.in(Fixtures.parse(frame), rs[0], rs[1], 5353, 0)).isTrue();
        RefDecoder.Decoded d = RefDecoder.decode(frame);
        assertThat(d.storedL4Checksum).isZero();
        assertThat(d.storedIpChecksum).isEqualTo(d.expectedIpChecksum);
        assertThat(d.dstPort).isEqualTo(5353);
    }

    @Test
    void doesNotApplyAndChangesNothing() {
        long[] c = Fixtures.addr("192.0.2.10");
        long[] v = Fixtures.addr("198.51.100.1");
        long[] v6 = Fixtures.addr("2001:db8::1");
        byte[] ping = Fixtures.frame(c, 0, v, 0, 1).encode();
        byte[] tcp = Fixtures.frame(c, 40000, v, 80, 6).encode();
        byte[] before = ping.clone();
        assertThat(Nat.in(Fixtures.parse(ping), v[0], v[1], 80, 0))
                .as("no ports")
                .isFalse();
        assertThat(Nat.out(Fixtures.parse(ping), v[0], v[1], 80, 0)).isFalse();
        assertThat(ping).isEqualTo(before);
        before = tcp.clone();
        ParsedPacket p = Fixtures.parse(tcp);
        assertThat(Nat.in(p, v6[0], v6[1], 80, 0)).as("other family").isFalse();
        assertThat(Nat.out(p, v6[0], v6[1], 80, 0)).isFalse();
        assertThat(Nat.in(p, v[0], v[1], 0x1_0000, 0)).as("port out of range").isFalse();
        assertThat(Nat.out(p, v[0], v[1], -1, 0)).isFalse();
        assertThat(tcp).isEqualTo(before);
    }
}
