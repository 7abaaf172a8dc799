package io.jlvs.core.xmit;

import static io.jlvs.core.xmit.Fixtures.ACK;
import static io.jlvs.core.xmit.Fixtures.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RandomFrames;
import io.jlvs.core.testframes.RefFrame;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MssTest {
    private static RefFrame syn(boolean v6, int flags, byte[] options) {
        RefFrame f = v6
                ? Fixtures.frame(Fixtures.addr("2001:db8::2"), 80, Fixtures.addr("2001:db8::1"), 40000, 6)
                : Fixtures.frame(Fixtures.addr("10.0.0.2"), 80, Fixtures.addr("10.0.0.1"), 40000, 6);
        f.tcpFlags = flags;
        f.tcpOptions = options;
        return f;
    }

    private static byte[] mss(int value) {
        return new byte[] {2, 4, (byte) (value >>> 8), (byte) value};
    }

    @Test
    void lowersALargerMssWithAnExactChecksum() {
        for (boolean v6 : new boolean[] {false, true}) {
            for (int nops = 0; nops < 4; nops++) {
                // NOPs put the MSS value at every alignment relative to the checksum words.
                byte[] options = Bytes.concat(new byte[nops], mss(1460), new byte[] {4, 2, 3, 3, 7});
                for (int i = 0; i < nops; i++) {
                    options[i] = 1;
                }
                RefFrame f = syn(v6, SYN | ACK, options);
                byte[] frame = f.encode();
                assertThat(Mss.clamp(Fixtures.parse(frame), 1400)).isEqualTo(1460);
                System.arraycopy(mss(1400), 0, f.tcpOptions, nops, 4);
                assertThat(frame).isEqualTo(f.encode());
                Fixtures.assertChecksums(frame);
            }
        }
    }

    @Test
    void leavesASmallerOrEqualMssAlone() {
        for (int value : new int[] {536, 1400}) {
            RefFrame f = syn(false, SYN, mss(value));
            byte[] frame = f.encode();
            byte[] before = frame.clone();
            assertThat(Mss.clamp(Fixtures.parse(frame), 1400)).isEqualTo(value);
            assertThat(frame).isEqualTo(before);
        }
    }

    @Test
    void reportsWhatDoesNotApply() {
        byte[] noOptions = syn(false, SYN, new byte[0]).encode();
        assertThat(Mss.clamp(Fixtures.parse(noOptions), 1400)).isEqualTo(Mss.ABSENT);
        byte[] noMss = syn(true, SYN, new byte[] {4, 2, 1, 1}).encode();
        assertThat(Mss.clamp(Fixtures.parse(noMss), 1400)).isEqualTo(Mss.ABSENT);
        byte[] notSyn = syn(false, ACK, mss(1460)).encode();
        byte[] before = notSyn.clone();
        assertThat(Mss.clamp(Fixtures.parse(notSyn), 1400)).isEqualTo(Mss.NOT_APPLICABLE);
        assertThat(notSyn).isEqualTo(before);
        byte[] syn = syn(false, SYN, mss(1460)).encode();
        assertThat(Mss.clamp(Fixtures.parse(syn), 0)).isEqualTo(Mss.NOT_APPLICABLE);
        assertThat(Mss.clamp(Fixtures.parse(syn), 0x10000)).isEqualTo(Mss.NOT_APPLICABLE);
        RefFrame udp = syn(false, SYN, new byte[0]);
        udp.protocol = 17;
        assertThat(Mss.clamp(Fixtures.parse(udp.encode()), 1400)).isEqualTo(Mss.NOT_APPLICABLE);
    }

    @Property(tries = 500)
    void clampOfRandomOptionLists(
            @ForAll @IntRange(min = 1, max = 0xFFFF) int maxMss, @ForAll long seed, @ForAll boolean v6) {
        Random r = new Random(seed);
        RefFrame f = syn(v6, SYN | (r.nextBoolean() ? ACK : 0), RandomFrames.tcpOptions(r));
        f.payload = RandomFrames.bytes(r, r.nextInt(20));
        byte[] frame = f.encode();
        int result = Mss.clamp(Fixtures.parse(frame), maxMss);
        int at = mssOffset(f.tcpOptions);
        if (at < 0) {
            assertThat(result).isEqualTo(Mss.ABSENT);
            return;
        }
        int old = Bytes.u16(f.tcpOptions, at + 2);
        assertThat(result).isEqualTo(old);
        if (old > maxMss) {
            Bytes.put16(f.tcpOptions, at + 2, maxMss);
        }
        assertThat(frame).isEqualTo(f.encode());
    }

    /** Offset of the first MSS option, walked independently of TcpOptions; -1 when absent. */
    private static int mssOffset(byte[] options) {
        int i = 0;
        while (i < options.length) {
            int kind = options[i] & 0xFF;
            if (kind == 0) {
                return -1;
            }
            if (kind == 1) {
                i++;
                continue;
            }
            if (kind == 2) {
                return i;
            }
            i += options[i + 1] & 0xFF;
        }
        return -1;
    }

    @Test
    void maxMssForSubtractsHeadersAndReserve() {
        assertThat(Mss.maxMssFor(1500, false, 0)).isEqualTo(1460);
        assertThat(Mss.maxMssFor(1500, true, 0)).isEqualTo(1440);
        assertThat(Mss.maxMssFor(1500, false, 8)).as("IPv4 TOA").isEqualTo(1452);
        assertThat(Mss.maxMssFor(1500, true, 20)).as("IPv6 TOA").isEqualTo(1420);
        assertThat(Mss.maxMssFor(1480, false, 0)).as("inside an IPIP tunnel").isEqualTo(1440);
    }
}
