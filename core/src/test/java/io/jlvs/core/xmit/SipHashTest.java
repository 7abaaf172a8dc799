package io.jlvs.core.xmit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** SipHash-2-4 against the reference vectors of the paper (key 00..0f, message 00..n−1). */
class SipHashTest {
    private static final long K0 = 0x0706_0504_0302_0100L;
    private static final long K1 = 0x0F0E_0D0C_0B0A_0908L;

    /** Little-endian word i of the message 00 01 02 ..., as the reference reads it. */
    private static long word(int i) {
        long w = 0;
        for (int b = 7; b >= 0; b--) {
            w = (w << 8) | (8 * i + b);
        }
        return w;
    }

    private static long[] message(int words) {
        long[] m = new long[words];
        for (int i = 0; i < words; i++) {
            m[i] = word(i);
        }
        return m;
    }

    @Test
    void matchesThePublishedVectors() {
        assertThat(SipHash.hash(K0, K1, message(0))).isEqualTo(0x726f_db47_dd0e_0e31L);
        assertThat(SipHash.hash(K0, K1, message(1))).isEqualTo(0x93f5_f579_9a93_2462L);
        assertThat(SipHash.hash(K0, K1, message(2))).isEqualTo(0x3f2a_cc7f_57c2_9bdbL);
        assertThat(SipHash.hash(K0, K1, message(3))).isEqualTo(0xb8ad_50c6_f649_af94L);
    }

    @Test
    void threeFiveAndSixWordFormsEqualTheArrayForm() {
        Random r = new Random(5);
        SipHash h = new SipHash(0, 0);
        for (int i = 0; i < 1000; i++) {
            long[] m = {r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong()};
            long k0 = r.nextLong();
            long k1 = r.nextLong();
            h.key(k0, k1);
            assertThat(h.hash(m[0], m[1], m[2], m[3], m[4])).isEqualTo(SipHash.hash(k0, k1, Arrays.copyOf(m, 5)));
            assertThat(h.hash(m[0], m[1], m[2])).isEqualTo(SipHash.hash(k0, k1, Arrays.copyOf(m, 3)));
            assertThat(h.hash(m[0], m[1], m[2], m[3], m[4], m[5])).isEqualTo(SipHash.hash(k0, k1, m));
        }
    }
}
