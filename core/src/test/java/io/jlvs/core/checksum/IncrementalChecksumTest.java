package io.jlvs.core.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RefChecksum;
import java.lang.foreign.MemorySegment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Every incremental update must equal the full recompute of the changed data, bit for bit. The data
 * always starts with a nonzero word, as every real header does: RFC 1624 §3 shows that only all-zero
 * data can tell 0x0000 from 0xFFFF apart.
 */
class IncrementalChecksumTest {
    private static byte[] withHeader(byte[] body) {
        return Bytes.concat(new byte[] {0x45, 0x00}, body);
    }

    @Test
    void rfc1624Example() {
        // RFC 1624 §5: HC = 0xdd2f, m = 0x5555 → m' = 0x3285 gives HC' = 0x0000 by equation 3.
        assertThat(IncrementalChecksum.update16(0xDD2F, 0x5555, 0x3285)).isEqualTo(0x0000);
    }

    @Property
    void update16EqualsFullRecompute(
            @ForAll @Size(min = 2, max = 80) byte[] body,
            @ForAll @IntRange(max = 1000) int where,
            @ForAll @IntRange(max = 0xFFFF) int value) {
        byte[] data = withHeader(body);
        int at = 2 + 2 * (where % (body.length / 2));
        int check = RefChecksum.checksum(data);
        int old = Bytes.u16(data, at);
        Bytes.put16(data, at, value);
        assertThat(IncrementalChecksum.update16(check, old, value)).isEqualTo(RefChecksum.checksum(data));
    }

    @Property
    void update32EqualsFullRecompute(
            @ForAll @Size(min = 4, max = 80) byte[] body, @ForAll @IntRange(max = 1000) int where, @ForAll int value) {
        byte[] data = withHeader(body);
        int at = 2 + 2 * (where % ((body.length - 2) / 2));
        int check = RefChecksum.checksum(data);
        int old = Bytes.u32(data, at);
        Bytes.put32(data, at, value);
        assertThat(IncrementalChecksum.update32(check, old, value)).isEqualTo(RefChecksum.checksum(data));
    }

    @Property
    void update128EqualsFullRecompute(@ForAll @Size(min = 16, max = 80) byte[] body, @ForAll long hi, @ForAll long lo) {
        byte[] data = withHeader(body);
        int check = RefChecksum.checksum(data);
        long oldHi = Bytes.u64(data, 2);
        long oldLo = Bytes.u64(data, 10);
        System.arraycopy(Bytes.v6(hi, lo), 0, data, 2, 16);
        assertThat(IncrementalChecksum.update128(check, oldHi, oldLo, hi, lo)).isEqualTo(RefChecksum.checksum(data));
    }

    @Property
    void oddOffsetFieldsUseTheOtherLane(
            @ForAll @Size(min = 8, max = 80) byte[] body,
            @ForAll @IntRange(max = 1000) int where,
            @ForAll int value32,
            @ForAll @IntRange(max = 0xFFFF) int value16) {
        byte[] data = withHeader(body);
        int at = 3 + 2 * (where % ((body.length - 5) / 2));
        int check = RefChecksum.checksum(data);
        int old32 = Bytes.u32(data, at);
        Bytes.put32(data, at, value32);
        check = IncrementalChecksum.update32(
                check, IncrementalChecksum.oddLane32(old32), IncrementalChecksum.oddLane32(value32));
        assertThat(check).isEqualTo(RefChecksum.checksum(data));
        int old16 = Bytes.u16(data, at);
        Bytes.put16(data, at, value16);
        check = IncrementalChecksum.update16(
                check, IncrementalChecksum.oddLane16(old16), IncrementalChecksum.oddLane16(value16));
        assertThat(check).isEqualTo(RefChecksum.checksum(data));
    }

    @Property
    void replaceOfARegionEqualsFullRecompute(
            @ForAll @Size(min = 12, max = 80) byte[] body,
            @ForAll @Size(min = 1, max = 10) byte[] replacement,
            @ForAll @IntRange(max = 1000) int where) {
        byte[] data = withHeader(body);
        int at = 2 + where % (data.length - 2 - replacement.length + 1);
        MemorySegment s = MemorySegment.ofArray(data);
        int check = RefChecksum.checksum(data);
        long before = regionLaneSum(s, at, replacement.length);
        System.arraycopy(replacement, 0, data, at, replacement.length);
        long after = regionLaneSum(s, at, replacement.length);
        assertThat(IncrementalChecksum.replace(check, before, after)).isEqualTo(RefChecksum.checksum(data));
    }

    /** A region's sum as seen from an even start: swapped when the region starts at an odd offset. */
    private static long regionLaneSum(MemorySegment s, int at, int length) {
        int folded = InternetChecksum.fold(InternetChecksum.add(0, s, at, length));
        return (at & 1) == 0 ? folded : InternetChecksum.swap(folded);
    }
}
