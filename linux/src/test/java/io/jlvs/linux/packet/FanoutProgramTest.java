package io.jlvs.linux.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.core.net.InetAddr;
import io.jlvs.linux.lab.TestFrames;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The generated fanout programs, run by an independent interpreter on synthetic frames. */
class FanoutProgramTest {
    static final long MAC_A = 0x02_00_00_00_00_0AL;
    static final long MAC_B = 0x02_00_00_00_00_0BL;
    static final long[] VIP4 = InetAddr.parse("192.0.2.10");
    static final long[] VIP6 = InetAddr.parse("2001:db8::10");
    static final long[] LIP4 = InetAddr.parse("192.0.2.200");
    static final long[] LIP6 = InetAddr.parse("2001:db8::200");
    static final long[] RIP4 = InetAddr.parse("10.1.0.5");
    static final long[] RIP6 = InetAddr.parse("2001:db8:1::5");

    static final FanoutProgram ONE_ARM = FanoutProgram.oneArm()
            .vip(VIP4[0], VIP4[1])
            .vip(VIP6[0], VIP6[1])
            .localAddress(LIP4[0], LIP4[1])
            .localAddress(LIP6[0], LIP6[1])
            .workers(4)
            .build();

    record Client(long[] addr, int port, int protocol) {
        boolean v6() {
            return !InetAddr.isV4(addr[0], addr[1]);
        }

        byte[] inbound() {
            return TestFrames.l4(MAC_B, MAC_A, addr, v6() ? VIP6 : VIP4, protocol, port, 443, new byte[8]);
        }

        byte[] reply() {
            return TestFrames.l4(MAC_A, MAC_B, v6() ? RIP6 : RIP4, addr, protocol, 8443, port, new byte[8]);
        }

        int hash() {
            return FanoutProgram.flowHash(addr[0], addr[1], port);
        }
    }

    @Provide
    Arbitrary<Client> clients() {
        Arbitrary<long[]> v4 = Arbitraries.integers().map(a -> new long[] {0, InetAddr.v4Lo(a)});
        Arbitrary<long[]> v6 = Combinators.combine(Arbitraries.longs(), Arbitraries.longs())
                .as((hi, lo) -> new long[] {hi | 0x2000_0000_0000_0000L, lo});
        return Combinators.combine(
                        Arbitraries.oneOf(v4, v6), Arbitraries.integers().between(0, 65535), Arbitraries.of(6, 17))
                .as(Client::new);
    }

    @Property(tries = 300)
    void bothSidesHashTheClient(@ForAll("clients") Client c) {
        int in = CbpfInterpreter.run(FanoutProgram.clientFacing().bpf(), c.inbound());
        int out = CbpfInterpreter.run(FanoutProgram.serverFacingNat().bpf(), c.reply());
        assertThat(in).isEqualTo(c.hash());
        assertThat(out).isEqualTo(c.hash());
    }

    @Property(tries = 300)
    void oneArmTellsDirectionsApartByDestination(
            @ForAll("clients") Client c, @ForAll @IntRange(max = 65535) int lport) {
        assertThat(CbpfInterpreter.run(ONE_ARM.bpf(), c.inbound())).isEqualTo(c.hash());
        assertThat(CbpfInterpreter.run(ONE_ARM.bpf(), c.reply())).isEqualTo(c.hash());
        byte[] fullNatReply = TestFrames.l4(
                MAC_A, MAC_B, c.v6() ? RIP6 : RIP4, c.v6() ? LIP6 : LIP4, c.protocol(), 8443, lport, new byte[4]);
        assertThat(CbpfInterpreter.run(ONE_ARM.bpf(), fullNatReply)).isEqualTo(lport % 4);
    }

    @Property(tries = 100)
    void fullNatRepliesGoToTheLocalPortsWorker(
            @ForAll("clients") Client c, @ForAll @IntRange(min = 1, max = 64) int workers) {
        byte[] reply = TestFrames.l4(
                MAC_A, MAC_B, c.v6() ? RIP6 : RIP4, c.v6() ? LIP6 : LIP4, c.protocol(), 8443, c.port(), new byte[4]);
        int r = CbpfInterpreter.run(FanoutProgram.serverFacingFullNat(workers).bpf(), reply);
        assertThat(r).isEqualTo(c.port() % workers);
    }

    @Property(tries = 100)
    void workerForMatchesTheKernelsModulo(@ForAll("clients") Client c, @ForAll @IntRange(min = 1, max = 64) int n) {
        int h = CbpfInterpreter.run(FanoutProgram.clientFacing().bpf(), c.inbound());
        assertThat(FanoutProgram.workerFor(c.addr()[0], c.addr()[1], c.port(), n))
                .isEqualTo(Integer.remainderUnsigned(h, n));
    }

    @Test
    void hashSpreadsSequentialClientsEvenly() {
        int[] buckets = new int[4];
        for (int i = 0; i < 4000; i++) {
            long[] a = InetAddr.parse("10.0." + (i / 250) + "." + (i % 250));
            buckets[FanoutProgram.workerFor(a[0], a[1], 40000, 4)]++;
        }
        for (int b : buckets) {
            assertThat(b).isBetween(800, 1200);
        }
    }

    @Test
    void ipv4OptionsAreSkippedToFindThePorts() {
        Client c = new Client(InetAddr.parse("198.51.100.7"), 31337, 17);
        byte[] plain = c.inbound();
        // Insert 4 bytes of options (NOP x4) after the 20-byte header: IHL 6.
        byte[] withOptions = new byte[plain.length + 4];
        System.arraycopy(plain, 0, withOptions, 0, 34);
        Arrays.fill(withOptions, 34, 38, (byte) 1);
        System.arraycopy(plain, 34, withOptions, 38, plain.length - 34);
        withOptions[14] = 0x46;
        int total = ((plain[16] & 0xFF) << 8 | (plain[17] & 0xFF)) + 4;
        withOptions[16] = (byte) (total >> 8);
        withOptions[17] = (byte) total;
        assertThat(CbpfInterpreter.run(FanoutProgram.clientFacing().bpf(), withOptions))
                .isEqualTo(c.hash());
    }

    @Test
    void nonFirstFragmentsAndIcmpHashByAddressAlone() {
        long[] client = InetAddr.parse("198.51.100.7");
        Client c = new Client(client, 31337, 17);
        byte[] fragment = c.inbound();
        fragment[20] = 0x00; // flags 0, fragment offset 185 (1480 bytes)
        fragment[21] = (byte) 185;
        assertThat(CbpfInterpreter.run(FanoutProgram.clientFacing().bpf(), fragment))
                .isEqualTo(FanoutProgram.flowHash(client[0], client[1], 0));

        byte[] icmp = c.inbound();
        icmp[23] = 1; // protocol ICMP
        assertThat(CbpfInterpreter.run(FanoutProgram.clientFacing().bpf(), icmp))
                .isEqualTo(FanoutProgram.flowHash(client[0], client[1], 0));

        byte[] firstFragment = c.inbound();
        firstFragment[20] = 0x20; // MF set, offset 0: still has the ports
        assertThat(CbpfInterpreter.run(FanoutProgram.clientFacing().bpf(), firstFragment))
                .isEqualTo(c.hash());
    }

    @Test
    void nonIpFramesGoToMemberZero() {
        byte[] arp = TestFrames.raw(-1L & 0xFFFF_FFFF_FFFFL, MAC_A, 0x0806, new byte[28]);
        Arrays.fill(arp, 14, arp.length, (byte) 0x5A);
        assertThat(CbpfInterpreter.run(FanoutProgram.clientFacing().bpf(), arp)).isZero();
        assertThat(CbpfInterpreter.run(ONE_ARM.bpf(), arp)).isZero();
        assertThat(CbpfInterpreter.run(FanoutProgram.serverFacingFullNat(3).bpf(), arp))
                .isZero();
    }

    @Test
    void truncatedFramesDoNotCrashTheProgram() {
        byte[] frame = new Client(InetAddr.parse("198.51.100.7"), 1, 6).inbound();
        // The kernel ends a program that loads past the packet with return 0.
        assertThat(CbpfInterpreter.run(FanoutProgram.clientFacing().bpf(), Arrays.copyOf(frame, 30)))
                .isZero();
    }

    @Test
    void everyProgramPassesTheKernelsChecks() {
        CbpfInterpreter.check(FanoutProgram.clientFacing().bpf());
        CbpfInterpreter.check(FanoutProgram.serverFacingNat().bpf());
        CbpfInterpreter.check(FanoutProgram.serverFacingFullNat(7).bpf());
        CbpfInterpreter.check(ONE_ARM.bpf());
        CbpfInterpreter.check(FanoutProgram.oneArm().build().bpf());
        CbpfInterpreter.check(
                FanoutProgram.oneArm().vip(VIP4[0], VIP4[1]).build().bpf());
    }

    @Test
    void oneArmWithoutVipsHashesByDestination() {
        Client c = new Client(InetAddr.parse("203.0.113.9"), 5555, 6);
        FanoutProgram p = FanoutProgram.oneArm().build();
        assertThat(CbpfInterpreter.run(p.bpf(), c.reply())).isEqualTo(c.hash());
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> FanoutProgram.serverFacingFullNat(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        FanoutProgram.oneArm().localAddress(LIP4[0], LIP4[1]).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("workers");
        FanoutProgram.OneArm many = FanoutProgram.oneArm();
        for (int i = 0; i < 600; i++) {
            long[] v = InetAddr.parse("2001:db8::" + Integer.toHexString(i + 1));
            many.vip(v[0], v[1]);
        }
        assertThatThrownBy(many::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4096");
    }

    @Test
    void describesItself() {
        assertThat(FanoutProgram.serverFacingFullNat(3).toString())
                .startsWith("server-facing FULLNAT: destination port mod 3");
    }
}
