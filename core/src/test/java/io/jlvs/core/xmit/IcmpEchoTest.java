package io.jlvs.core.xmit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.testframes.RefFrame;
import org.junit.jupiter.api.Test;

/** Echo replies equal, byte for byte, the reply the reference encoder builds. */
class IcmpEchoTest {
    private static final long CLIENT_MAC = 0x02_00_00_00_00_01L;
    private static final long DIRECTOR_MAC = 0x02_00_00_00_00_02L;

    private static RefFrame request(String from, String to, int protocol, int type) {
        RefFrame f = Fixtures.frame(Fixtures.addr(from), 0, Fixtures.addr(to), 0, protocol);
        f.srcMac = CLIENT_MAC;
        f.dstMac = DIRECTOR_MAC;
        f.icmpType = type;
        f.icmpRest = 0x1234_0007; // identifier, sequence number
        f.payload = "abcdefghijklmnopqrstuvwabcdefghi".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        f.ttl = 37;
        return f;
    }

    private static void assertReply(RefFrame f, int replyType) {
        byte[] frame = f.encode();
        ParsedPacket p = Fixtures.parse(frame);
        assertThat(IcmpEcho.reply(p)).isTrue();
        byte[] src = f.src;
        f.src = f.dst;
        f.dst = src;
        f.srcMac = DIRECTOR_MAC;
        f.dstMac = CLIENT_MAC;
        f.icmpType = replyType;
        f.ttl = 64;
        assertThat(frame).isEqualTo(f.encode());
        Fixtures.assertChecksums(frame);
        assertThat(p.dstLo()).isEqualTo(Fixtures.addr(f.dst)[1]);
    }

    @Test
    void ipv4EchoReply() {
        assertReply(request("192.0.2.10", "198.51.100.1", 1, 8), 0);
    }

    @Test
    void ipv4EchoReplyWithOptionsAndVlan() {
        RefFrame f = request("192.0.2.10", "198.51.100.1", 1, 8);
        f.ipv4Options = new byte[] {1, 1, 1, 0};
        f.vlans.add(new int[] {0x8100, 42});
        assertReply(f, 0);
    }

    @Test
    void ipv6EchoReply() {
        assertReply(request("2001:db8:c::10", "2001:db8:f::1", 58, 128), 129);
    }

    @Test
    void refusesWhatIsNotAnEchoRequestToAnswer() {
        RefFrame[] cases = {
            request("192.0.2.10", "198.51.100.1", 1, 0), // a reply
            request("2001:db8:c::10", "2001:db8:f::1", 58, 129),
            request("192.0.2.10", "198.51.100.1", 17, 8), // UDP
            request("224.0.0.9", "198.51.100.1", 1, 8), // multicast source: reflection
            request("0.0.0.0", "198.51.100.1", 1, 8),
            request("255.255.255.255", "198.51.100.1", 1, 8),
            request("ff02::1", "2001:db8:f::1", 58, 128),
            request("::", "2001:db8:f::1", 58, 128),
        };
        RefFrame fragment = request("192.0.2.10", "198.51.100.1", 1, 8);
        fragment.fragmentWord = 0x2000; // first fragment of a big ping: the rest is not here
        RefFrame[] all = java.util.Arrays.copyOf(cases, cases.length + 1);
        all[cases.length] = fragment;
        for (RefFrame f : all) {
            byte[] frame = f.encode();
            byte[] before = frame.clone();
            assertThat(IcmpEcho.reply(Fixtures.parse(frame))).isFalse();
            assertThat(frame).isEqualTo(before);
        }
    }
}
