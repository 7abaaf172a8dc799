package io.jlvs.core.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RefChecksum;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class PseudoHeaderTest {
    @Property
    void v4MatchesTheRfc793Layout(
            @ForAll int src,
            @ForAll int dst,
            @ForAll @IntRange(max = 255) int proto,
            @ForAll @IntRange(max = 0xFFFF) int len) {
        byte[] bytes = RefChecksum.pseudoV4(Bytes.v4(src), Bytes.v4(dst), proto, len);
        assertThat(InternetChecksum.fold(PseudoHeader.v4(src, dst, proto, len))).isEqualTo(RefChecksum.sum(bytes));
    }

    @Property
    void v6MatchesTheRfc8200Layout(
            @ForAll long sHi,
            @ForAll long sLo,
            @ForAll long dHi,
            @ForAll long dLo,
            @ForAll @IntRange(max = 255) int nh,
            @ForAll @IntRange(max = 0xFFFF) int len) {
        byte[] bytes = RefChecksum.pseudoV6(Bytes.v6(sHi, sLo), Bytes.v6(dHi, dLo), nh, len);
        assertThat(InternetChecksum.fold(PseudoHeader.v6(sHi, sLo, dHi, dLo, nh, len)))
                .isEqualTo(RefChecksum.sum(bytes));
    }
}
