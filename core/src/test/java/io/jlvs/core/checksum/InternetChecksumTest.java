package io.jlvs.core.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RefChecksum;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class InternetChecksumTest {
    private static byte[] hex(String s) {
        String t = s.replace(" ", "");
        byte[] b = new byte[t.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    @Test
    void rfc1071NumericalExample() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to 0xddf2 after the end-around carry.
        MemorySegment s = MemorySegment.ofArray(hex("0001f203f4f5f6f7"));
        assertThat(InternetChecksum.fold(InternetChecksum.add(0, s, 0, 8))).isEqualTo(0xDDF2);
        assertThat(InternetChecksum.compute(s, 0, 8)).isEqualTo(0x220D);
    }

    @Test
    void knownIpv4HeaderChecksum() {
        byte[] header = hex("4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7");
        MemorySegment s = MemorySegment.ofArray(header);
        assertThat(InternetChecksum.compute(s, 0, 20)).isEqualTo(0xB861);
        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 10, (byte) 0xB8);
        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 11, (byte) 0x61);
        assertThat(InternetChecksum.verifies(InternetChecksum.add(0, s, 0, 20))).isTrue();
        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 19, (byte) 0xC8);
        assertThat(InternetChecksum.verifies(InternetChecksum.add(0, s, 0, 20))).isFalse();
    }

    @Test
    void oddLengthPadsTheLastByteAsTheHighOctet() {
        MemorySegment s = MemorySegment.ofArray(new byte[] {0x12, 0x34, 0x56});
        assertThat(InternetChecksum.fold(InternetChecksum.add(0, s, 0, 3))).isEqualTo(0x1234 + 0x5600);
    }

    @Test
    void foldEndAroundCarries() {
        assertThat(InternetChecksum.fold(0)).isZero();
        assertThat(InternetChecksum.fold(0xFFFF)).isEqualTo(0xFFFF);
        assertThat(InternetChecksum.fold(0x1_0000)).isEqualTo(1);
        assertThat(InternetChecksum.fold(0x1_FFFE)).isEqualTo(0xFFFF);
        // 2^32 ≡ 1 and 2^48 ≡ 1 (mod 0xFFFF)
        assertThat(InternetChecksum.fold(0x0001_0000_0000_0000L)).isEqualTo(1);
        assertThat(InternetChecksum.fold(0x0000_FFFF_FFFF_FFFFL)).isEqualTo(0xFFFF);
        assertThat(InternetChecksum.fold(0x7FFF_FFFF_FFFF_FFFFL)).isEqualTo(0x7FFF);
    }

    @Test
    void swapMovesTheSumToTheOtherLane() {
        assertThat(InternetChecksum.swap(0x1234)).isEqualTo(0x3412);
        assertThat(InternetChecksum.swap(0xFF00)).isEqualTo(0x00FF);
    }

    @Property
    void matchesTheWordByWordReference(
            @ForAll @Size(max = 300) byte[] data, @ForAll @IntRange(min = 0, max = 13) int offset) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = Bytes.nativeAt(arena, data, offset);
            assertThat(InternetChecksum.compute(s, offset, data.length)).isEqualTo(RefChecksum.checksum(data));
            assertThat(InternetChecksum.fold(InternetChecksum.add(0, s, offset, data.length)))
                    .isEqualTo(RefChecksum.sum(data));
        }
    }

    @Property
    void sumsOfEvenChunksAddUp(@ForAll @Size(max = 200) byte[] data, @ForAll @IntRange(max = 100) int cut) {
        int split = Math.min(cut * 2, data.length - (data.length & 1));
        MemorySegment s = MemorySegment.ofArray(data);
        long whole = InternetChecksum.add(0, s, 0, data.length);
        long parts = InternetChecksum.add(InternetChecksum.add(0, s, 0, split), s, split, data.length - split);
        assertThat(InternetChecksum.fold(parts)).isEqualTo(InternetChecksum.fold(whole));
    }

    @Property
    void dataWithItsOwnChecksumVerifies(@ForAll @Size(min = 1, max = 100) byte[] body) {
        byte[] data = Bytes.concat(new byte[] {0x45, 0, 0, 0}, body);
        MemorySegment s = MemorySegment.ofArray(data);
        int check = InternetChecksum.compute(s, 0, data.length);
        Bytes.put16(data, 2, check);
        assertThat(InternetChecksum.verifies(InternetChecksum.add(0, s, 0, data.length)))
                .isTrue();
    }
}
