package io.jlvs.bench.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jlvs.core.checksum.Checksums;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.IpProtocol;
import io.jlvs.core.packet.MacAddr;
import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.linux.iface.Interfaces;
import io.jlvs.linux.libc.Libc;
import io.jlvs.linux.netns.NetNamespace;
import io.jlvs.linux.packet.AfPacketSocket;
import io.jlvs.linux.packet.PacketRingConfig;
import io.jlvs.linux.packet.RxHandler;
import io.jlvs.linux.packet.TpacketVersion;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UdpBlasterTest {
    static final String[] ARGS = {
        "--interface", "eth0",
        "--dst-mac", "02:00:00:00:00:02",
        "--src", "198.18.0.11",
        "--dst", "198.18.1.11,198.18.1.12, 198.18.1.13"
    };

    /**
     * One 1 MiB block holds every frame of the test, and the block is handed over after 200 ms:
     * with V3's usual 1 ms timeout a ring not read while the generator runs retires a block per
     * millisecond and overflows.
     */
    static final PacketRingConfig RECEIVER =
            PacketRingConfig.DEFAULTS.withVersion(TpacketVersion.V3).withRx(1 << 20, 4, 200);

    static int v4(String s) {
        return InetAddr.v4(InetAddr.parse(s)[1]);
    }

    @Test
    void optionsHaveDefaultsAndAreChecked() {
        UdpBlaster.Options o = UdpBlaster.parse(ARGS);
        assertThat(o.ifName()).isEqualTo("eth0");
        assertThat(o.dstMac()).isEqualTo(0x02_00_00_00_00_02L);
        assertThat(o.srcAddr()).isEqualTo(v4("198.18.0.11"));
        assertThat(o.dstAddrs()).containsExactly(v4("198.18.1.11"), v4("198.18.1.12"), v4("198.18.1.13"));
        assertThat(o.dstPort()).isEqualTo(9);
        assertThat(o.flows()).isEqualTo(1024);
        assertThat(o.seconds()).isEqualTo(5.0);
        assertThat(o.maxFrames()).isZero();
        assertThat(o.batch()).isEqualTo(64);

        UdpBlaster.Options counted = UdpBlaster.parse(append(ARGS, "--frames", "100", "--flows", "7"));
        assertThat(counted.seconds())
                .as("a frame count alone has no time limit")
                .isZero();
        assertThat(counted.maxFrames()).isEqualTo(100);
        assertThat(counted.flows()).isEqualTo(7);

        assertThatThrownBy(() -> UdpBlaster.parse("--interface", "eth0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--dst-mac is required");
        assertThatThrownBy(() -> UdpBlaster.parse(append(ARGS, "--rate", "5")))
                .hasMessageContaining("unknown option --rate");
        assertThatThrownBy(() -> UdpBlaster.parse(append(ARGS, "--first-port", "65000", "--flows", "1000")))
                .hasMessageContaining("are not 1..65535");
        assertThatThrownBy(() -> UdpBlaster.parse(append(ARGS, "--dst", "2001:db8::1")))
                .hasMessageContaining("not an IPv4 address");
        assertThatThrownBy(() -> UdpBlaster.parse(append(ARGS, "--seconds", "0")))
                .hasMessageContaining("give --seconds or --frames");
        assertThatThrownBy(() -> UdpBlaster.parse(append(ARGS, "--batch")))
                .hasMessageContaining("expected --option value");
    }

    @Test
    void severalSourcesGiveEveryFlowItsOwnAddressAndPortPair() {
        UdpBlaster.Options o = UdpBlaster.parse(append(ARGS, "--flows", "7", "--sources", "3", "--first-port", "1024"));
        MemorySegment slab = UdpBlaster.frames(o, 0x02_00_00_00_0C_01L, Arena.ofAuto());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int k = 0; k < 7; k++) {
            ParsedPacket p = new ParsedPacket();
            assertThat(PacketParser.parse(slab, (long) k * UdpBlaster.STRIDE, UdpBlaster.FRAME_LENGTH, p))
                    .isEqualTo(ParseResult.OK);
            assertThat(InetAddr.v4(p.srcLo())).isEqualTo(o.srcAddr() + k % 3);
            assertThat(p.srcPort()).isEqualTo(1024 + k / 3);
            assertThat(Checksums.verifyIpv4Header(slab, p.l3Offset())).isTrue();
            assertThat(Checksums.verifyL4(p)).isTrue();
            seen.add(InetAddr.v4(p.srcLo()) + ":" + p.srcPort());
        }
        assertThat(seen).hasSize(7);
        // 65 536 flows over 2 addresses need ports 1024 .. 33791: fine; over 1 they do not fit.
        assertThat(UdpBlaster.parse(append(ARGS, "--flows", "65536", "--sources", "2", "--first-port", "1024"))
                        .flows())
                .isEqualTo(65536);
        assertThatThrownBy(() -> UdpBlaster.parse(append(ARGS, "--flows", "65536", "--first-port", "1024")))
                .hasMessageContaining("source ports");
        assertThatThrownBy(() -> UdpBlaster.parse(append(ARGS, "--sources", "0")))
                .hasMessageContaining("--sources");
        assertThat(UdpBlaster.parse(append(ARGS, "--pps", "1000")).pps()).isEqualTo(1000);
        assertThatThrownBy(() -> UdpBlaster.parse(append(ARGS, "--pps", "-1"))).hasMessageContaining("--pps");
    }

    @Test
    void framesAreMinimumSizeValidUdpOnePerFlow() {
        UdpBlaster.Options o = UdpBlaster.parse(append(ARGS, "--flows", "5", "--first-port", "20000", "--dport", "53"));
        long srcMac = 0x02_00_00_00_0C_01L;
        MemorySegment slab = UdpBlaster.frames(o, srcMac, Arena.ofAuto());
        int[] dsts = o.dstAddrs();
        for (int k = 0; k < 5; k++) {
            ParsedPacket p = new ParsedPacket();
            long off = (long) k * UdpBlaster.STRIDE;
            assertThat(PacketParser.parse(slab, off, UdpBlaster.FRAME_LENGTH, p))
                    .isEqualTo(ParseResult.OK);
            assertThat(p.frameLength()).isEqualTo(60);
            assertThat(p.protocol()).isEqualTo(IpProtocol.UDP);
            assertThat(p.dstMac()).isEqualTo(0x02_00_00_00_00_02L);
            assertThat(p.srcMac()).isEqualTo(srcMac);
            assertThat(InetAddr.v4(p.srcLo())).isEqualTo(o.srcAddr());
            assertThat(InetAddr.v4(p.dstLo())).isEqualTo(dsts[k % 3]);
            assertThat(p.srcPort()).isEqualTo(20000 + k);
            assertThat(p.dstPort()).isEqualTo(53);
            assertThat(p.payloadLength()).isEqualTo(18);
            assertThat(Checksums.verifyIpv4Header(slab, p.l3Offset())).isTrue();
            assertThat(Checksums.verifyL4(p)).isTrue();
        }
    }

    /**
     * Sends through a real TX ring over a veth pair between two fresh namespaces and counts, on
     * the far end, exactly the frames the generator says it sent, spread over every flow.
     */
    @Test
    void sendsTheFramesItCountsOverAVethPair() throws Exception {
        boolean ip = Files.isExecutable(Path.of("/usr/sbin/ip"))
                || Files.isExecutable(Path.of("/sbin/ip"))
                || Files.isExecutable(Path.of("/usr/bin/ip"));
        boolean ready = Libc.geteuid() == 0 && ip;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            // A skip on CI would hide a broken machine (the linux module's lab tests do the same).
            assertThat(ready).as("CI=true: this test needs root and iproute2").isTrue();
        }
        assumeTrue(ready, "needs root and iproute2 to build network namespaces");

        String tag = "jlb-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        String nsA = tag + "-a";
        String nsB = tag + "-b";
        try {
            run("ip", "netns", "add", nsA);
            run("ip", "netns", "add", nsB);
            run("ip", "-n", nsA, "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", nsB);
            run("ip", "-n", nsA, "link", "set", "va", "up");
            run("ip", "-n", nsB, "link", "set", "vb", "up");
            try (NetNamespace a = NetNamespace.enter(nsA);
                    NetNamespace b = NetNamespace.enter(nsB);
                    AfPacketSocket rx = b.call(() -> AfPacketSocket.open("vb", RECEIVER));
                    AfPacketSocket tx = a.call(() -> AfPacketSocket.open("va", UdpBlaster.ringConfig()));
                    Arena arena = Arena.ofConfined()) {
                long dstMac = b.call(() -> Interfaces.byName("vb").mac());
                long srcMac = a.call(() -> Interfaces.byName("va").mac());
                UdpBlaster.Options o = UdpBlaster.parse(
                        "--interface",
                        "va",
                        "--dst-mac",
                        MacAddr.format(dstMac),
                        "--src",
                        "198.18.0.11",
                        "--dst",
                        "198.18.1.11,198.18.1.12",
                        "--dport",
                        "4242",
                        "--flows",
                        "100",
                        "--frames",
                        "3000",
                        "--batch",
                        "64");
                UdpBlaster.Report r = UdpBlaster.blast(tx, o, UdpBlaster.frames(o, srcMac, arena));
                assertThat(r.frames()).isEqualTo(3000);
                assertThat(r.errors()).isZero();
                assertThat(r.line()).startsWith("udp-blaster: sent=3000 ");

                Map<Integer, Integer> perPort = new HashMap<>();
                RxHandler count = (ring, offset, length) -> {
                    ParsedPacket p = new ParsedPacket();
                    if (PacketParser.parse(ring, offset, length, p) == ParseResult.OK
                            && p.protocol() == IpProtocol.UDP
                            && p.dstPort() == 4242) {
                        perPort.merge(p.srcPort(), 1, Integer::sum);
                    }
                };
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (perPort.values().stream().mapToInt(Integer::intValue).sum() < 3000
                        && System.nanoTime() < deadline) {
                    if (rx.awaitReadable(50)) {
                        rx.receive(count);
                    }
                }
                assertThat(perPort.values().stream().mapToInt(Integer::intValue).sum())
                        .isEqualTo(3000);
                assertThat(perPort).hasSize(100);
                assertThat(perPort.values()).containsOnly(30);
            }
        } finally {
            quietly("ip", "netns", "del", nsA);
            quietly("ip", "netns", "del", nsB);
        }
    }

    private static String[] append(String[] a, String... more) {
        String[] out = new String[a.length + more.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static void quietly(String... cmd) {
        try {
            run(cmd);
        } catch (IOException | IllegalStateException e) {
            // cleanup: the namespace may never have been made
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
