package io.jlvs.core.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RefChecksum;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class UdpChecksumTest {
    @Test
    void aComputedZeroIsSentAsAllOnes() {
        assertThat(UdpChecksum.transmitted(0)).isEqualTo(0xFFFF);
        assertThat(UdpChecksum.transmitted(0x1234)).isEqualTo(0x1234);
    }

    @Test
    void noChecksumStaysNoChecksum() {
        assertThat(UdpChecksum.update16(0, 80, 8080)).isZero();
        assertThat(UdpChecksum.update32(0, 0x0A000001, 0x0A000002)).isZero();
        assertThat(UdpChecksum.update128(0, 1, 2, 3, 4)).isZero();
    }

    @Test
    void anUpdateThatComesToZeroIsSentAsAllOnes() {
        // ~(~0x0001 + ~0x0000 + 0x0001) = ~(0xFFFE + 0xFFFF + 0x0001) folds to ~0xFFFF = 0.
        assertThat(IncrementalChecksum.update16(0x0001, 0x0000, 0x0001)).isZero();
        assertThat(UdpChecksum.update16(0x0001, 0x0000, 0x0001)).isEqualTo(0xFFFF);
    }

    @Property
    void portRewriteEqualsFullRecomputeWithZeroRule(
            @ForAll @Size(min = 8, max = 60) byte[] body, @ForAll @IntRange(max = 0xFFFF) int port) {
        byte[] data = Bytes.concat(new byte[] {0, 17}, body);
        int full = RefChecksum.checksum(data);
        int sent = full == 0 ? 0xFFFF : full;
        int old = Bytes.u16(data, 2);
        Bytes.put16(data, 2, port);
        int recomputed = RefChecksum.checksum(data);
        assertThat(UdpChecksum.update16(sent, old, port)).isEqualTo(recomputed == 0 ? 0xFFFF : recomputed);
    }
}
