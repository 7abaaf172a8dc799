package io.jlvs.linux.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.linux.lab.NetnsLab;
import io.jlvs.linux.lab.RequiresRootLab;
import io.jlvs.linux.lab.TestFrames;
import io.jlvs.linux.netns.NetNamespace;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * TPACKET_V2 slots have a fixed size: the socket sizes them for the interface's MTU when it
 * opens, and a frame that still does not fit (the MTU was raised later) is counted, not handed
 * over cut short.
 */
@RequiresRootLab
class RxFrameSizeTest {
    static final PacketRingConfig V2 =
            PacketRingConfig.DEFAULTS.withVersion(TpacketVersion.V2).withRx(1 << 16, 8, 1);

    /** Sends one UDP datagram from A to B (one frame at MTU 9000: no fragmentation). */
    static void sendDatagram(NetNamespace a, byte[] payload) {
        a.run(() -> {
            try (DatagramSocket udp = new DatagramSocket()) {
                udp.send(new DatagramPacket(payload, payload.length, new InetSocketAddress("10.78.0.2", 9999)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    static byte[] payload(int size) {
        byte[] p = new byte[size];
        byte[] tag = ("jlvs-mtu-" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < size; i++) {
            p[i] = i < tag.length ? tag[i] : (byte) (i * 13);
        }
        return p;
    }

    @Test
    void slotsGrowToTheMtuAndCutFramesAreCounted() {
        try (NetnsLab lab = new NetnsLab()) {
            String nsA = lab.namespace("a");
            String nsB = lab.namespace("b");
            lab.veth(nsA, "va", nsB, "vb");
            lab.addr(nsA, "va", "10.78.0.1/24");
            lab.addr(nsB, "vb", "10.78.0.2/24");
            NetNamespace a = lab.enter(nsA);
            NetNamespace b = lab.enter(nsB);
            lab.ip(nsA, "link", "set", "va", "mtu", "9000");

            // Opened at MTU 1500 (2 KiB slots), then the MTU is raised. With offloads on (the
            // default) a frame longer than a slot comes whole through the socket's queue ...
            try (AfPacketSocket queued = b.call(() -> AfPacketSocket.open("vb", V2))) {
                lab.ip(nsB, "link", "set", "vb", "mtu", "9000");
                byte[] p = payload(8000);
                sendDatagram(a, p);
                byte[] got = AfPacketSocketTest.receiveMatching(
                        queued,
                        f -> f.length == 14 + 20 + 8 + p.length && TestFrames.contains(f, Arrays.copyOf(p, 24)));
                assertThat(Arrays.copyOfRange(got, 42, got.length)).isEqualTo(p);
                assertThat(queued.rxLongFrames()).isEqualTo(1);
                assertThat(queued.rxTruncated()).isZero();
                lab.ip(nsB, "link", "set", "vb", "mtu", "1500");
            }
            // ... and without them it is cut, counted, and not delivered.
            try (AfPacketSocket small = b.call(() -> AfPacketSocket.open("vb", V2.withOffloads(false)))) {
                lab.ip(nsB, "link", "set", "vb", "mtu", "9000");
                byte[] p = payload(8000);
                sendDatagram(a, p);
                AfPacketSocketTest.Collector c = new AfPacketSocketTest.Collector();
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (small.rxTruncated() == 0 && System.nanoTime() < deadline) {
                    small.awaitReadable(50);
                    small.receive(c);
                }
                assertThat(small.rxTruncated()).isEqualTo(1);
                assertThat(c.frames).noneMatch(f -> f.length > 2048);
                assertThat(small.rxMalformed()).isZero();
            }

            // Opened at MTU 9000: the slots hold the whole frame, byte for byte.
            try (AfPacketSocket jumbo = b.call(() -> AfPacketSocket.open("vb", V2))) {
                assertThat(jumbo.toString()).contains("x16384 RX");
                byte[] p = payload(8000);
                sendDatagram(a, p);
                byte[] got = AfPacketSocketTest.receiveMatching(
                        jumbo, f -> f.length == 14 + 20 + 8 + p.length && TestFrames.contains(f, Arrays.copyOf(p, 24)));
                assertThat(Arrays.copyOfRange(got, 42, got.length)).isEqualTo(p);
                assertThat(jumbo.rxTruncated()).isZero();
                assertThat(got[12]).isEqualTo((byte) 0x08); // IPv4
            }
        }
    }
}
