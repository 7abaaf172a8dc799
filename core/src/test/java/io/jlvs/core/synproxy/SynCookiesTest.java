package io.jlvs.core.synproxy;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The cookie's promises: valid only in its window, only for its tuple, options decoded as encoded. */
class SynCookiesTest {
    static final long V4 = 0x0000_FFFF_0000_0000L;

    @Property(tries = 2000)
    void verifiesWithinItsWindowOnly(
            @ForAll long secret,
            @ForAll boolean v6,
            @ForAll int cAddr,
            @ForAll @IntRange(max = 65535) int cport,
            @ForAll int isn,
            @ForAll @IntRange(min = 0, max = 9000) int mss,
            @ForAll @LongRange(min = 0, max = 1L << 40) long made,
            @ForAll @LongRange(min = -300_000, max = 300_000) long later) {
        SynCookies c = new SynCookies(secret);
        // IPv4 hashes three words, IPv6 six: both forms.
        long cHi = v6 ? 0x2001_0db8_0000_000cL : 0;
        long vHi = cHi;
        long cLo = (v6 ? 0 : V4) | (cAddr & 0xFFFF_FFFFL);
        long vLo = v6 ? 0x100 : V4 | 0xC612_0064L;
        int cookie = c.encode(cHi, cLo, cport, vHi, vLo, 80, isn, mss, made);
        long at = made + later;
        long age = SynCookies.count(at) - SynCookies.count(made);
        int got = c.verify(cHi, cLo, cport, vHi, vLo, 80, isn, cookie, at);
        if (age >= 0 && age < SynCookies.MAX_AGE) {
            assertThat(got).isEqualTo(SynCookies.mssIndex(mss));
            assertThat(SynCookies.mss(got)).isLessThanOrEqualTo(Math.max(mss, SynCookies.mss(0)));
        } else {
            assertThat(got).isEqualTo(SynCookies.INVALID);
        }
    }

    @Property(tries = 2000)
    void neverVerifiesForAnotherTupleOrIsn(
            @ForAll long secret,
            @ForAll boolean v4,
            @ForAll long anyHi,
            @ForAll long anyLo,
            @ForAll @IntRange(max = 65535) int cport,
            @ForAll @IntRange(max = 65535) int vport,
            @ForAll int isn,
            @ForAll @IntRange(max = 5) int field,
            @ForAll long change,
            @ForAll @LongRange(min = 0, max = 1L << 40) long now) {
        SynCookies c = new SynCookies(secret);
        long cHi = v4 ? 0 : anyHi;
        long cLo = v4 ? V4 | (anyLo & 0xFFFF_FFFFL) : anyLo;
        long vHi = v4 ? 0 : 0x2001_0db8_0000_000cL;
        long vLo = v4 ? V4 | 0xC612_0064L : 0x100;
        int cookie = c.encode(cHi, cLo, cport, vHi, vLo, vport, isn, 1460, now);
        // Any change, whether or not it keeps the address IPv4 (then the six-word form checks it).
        long d = change == 0 ? 1 : change;
        int got =
                switch (field) {
                    case 0 -> c.verify(cHi ^ d, cLo, cport, vHi, vLo, vport, isn, cookie, now);
                    case 1 -> c.verify(cHi, cLo ^ d, cport, vHi, vLo, vport, isn, cookie, now);
                    case 2 ->
                        c.verify(
                                cHi, cLo, (cport + (int) (d & 0xFFFF | 1)) & 0xFFFF, vHi, vLo, vport, isn, cookie, now);
                    case 3 -> c.verify(cHi, cLo, cport, vHi ^ d, vLo, vport, isn, cookie, now);
                    case 4 -> c.verify(cHi, cLo, cport, vHi, vLo, vport, isn + (int) (d | 1), cookie, now);
                    default -> c.verify(cHi, cLo, cport, vHi, vLo, (vport ^ 1), isn, cookie, now);
                };
        assertThat(got).isEqualTo(SynCookies.INVALID);
        // And under another secret.
        assertThat(new SynCookies(secret + 1).verify(cHi, cLo, cport, vHi, vLo, vport, isn, cookie, now))
                .isEqualTo(SynCookies.INVALID);
    }

    @Property
    void optionsInTheTimestampDecodeAsEncoded(
            @ForAll int clock,
            @ForAll @IntRange(min = -1, max = 14) int wscale,
            @ForAll boolean sack,
            @ForAll boolean ecn) {
        int ts = SynCookies.timestamp(clock, wscale, sack, ecn);
        assertThat(SynCookies.wscaleOf(ts)).isEqualTo(wscale);
        assertThat(SynCookies.sackOf(ts)).isEqualTo(sack);
        assertThat(SynCookies.ecnOf(ts)).isEqualTo(ecn);
        assertThat(ts & ~SynCookies.TS_OPTION_BITS).isEqualTo(clock & ~SynCookies.TS_OPTION_BITS);
    }

    @Example
    void keysRotateAcrossEpochsAndCookiesSurviveTheBoundary() {
        SynCookies c = new SynCookies(42);
        long epochEnd = SynCookies.COUNTER_MILLIS * SynCookies.EPOCH_COUNTS - 1;
        int cookie = c.encode(0, V4 | 1, 1000, 0, V4 | 2, 80, 7, 1460, epochEnd);
        // Next count, next epoch: still valid (the previous epoch's key is kept).
        assertThat(c.verify(0, V4 | 1, 1000, 0, V4 | 2, 80, 7, cookie, epochEnd + 1))
                .isEqualTo(SynCookies.mssIndex(1460));
        // The same tuple, ISN and count-parity one epoch later gives another cookie: the key changed.
        long sameParityNextEpoch = epochEnd + SynCookies.COUNTER_MILLIS * SynCookies.EPOCH_COUNTS;
        int later = c.encode(0, V4 | 1, 1000, 0, V4 | 2, 80, 7, 1460, sameParityNextEpoch);
        assertThat(later).isNotEqualTo(cookie);
        assertThat(c.verify(0, V4 | 1, 1000, 0, V4 | 2, 80, 7, cookie, sameParityNextEpoch))
                .isEqualTo(SynCookies.INVALID);
    }

    @Example
    void mssRoundsDownToTheTable() {
        assertThat(SynCookies.mss(SynCookies.mssIndex(1460))).isEqualTo(1460);
        assertThat(SynCookies.mss(SynCookies.mssIndex(1452))).isEqualTo(1440);
        assertThat(SynCookies.mss(SynCookies.mssIndex(100))).isEqualTo(536);
        assertThat(SynCookies.mss(SynCookies.mssIndex(9000))).isEqualTo(1460);
    }
}
