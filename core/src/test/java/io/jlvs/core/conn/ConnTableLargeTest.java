package io.jlvs.core.conn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Fills a table to 10 million connections, IPv6 tuples and FULLNAT local ports included: the
 * issue's "10 million connections held in a table sized for them" at ≤ 128 bytes each. About
 * 1.3 GB of native memory and ten seconds here; part of the default build.
 */
@Tag("slow")
class ConnTableLargeTest {
    static final int TCP = 6;

    @Test
    void tenMillionConnectionsFitAndAreFoundFromBothSides() {
        int cap = 10_000_000;
        LocalAddresses locals = new LocalAddresses(256);
        for (int i = 0; i < 200; i++) {
            Addr l = Addr.v6(0xFFFF_0000L + i);
            locals.add(l.hi(), l.lo());
        }
        Addr vip = Addr.of("2001:db8:a::10");
        try (ConnTable t = new ConnTable(cap, locals)) {
            int wrong = 0;
            for (int i = 0; i < cap; i++) {
                if (insert(t, vip, i) != i) {
                    wrong++;
                }
            }
            assertThat(wrong).isZero();
            assertThat(t.size()).isEqualTo(cap);
            assertThat(insert(t, vip, cap)).isEqualTo(ConnTable.FULL);
            assertThat((double) t.bytesAllocated() / cap).isLessThanOrEqualTo(128.0);
            int missing = 0;
            for (int i = 0; i < cap; i += 7) {
                Addr c = Addr.v6(i);
                Addr r = Addr.v6(0x7000_0000L + (i & 1023));
                int la = i % 200;
                int lport = 1024 + (i / 200) % 60000;
                if (t.lookupIn(TCP, c.hi(), c.lo(), 40000 + (i & 0xFFF), vip.hi(), vip.lo(), 443) != i
                        || t.lookupOut(TCP, r.hi(), r.lo(), 8443, locals.hi(la), locals.lo(la), lport) != i) {
                    missing++;
                }
            }
            assertThat(missing).isZero();
            assertThat(t.meanProbeLength()).isLessThan(2.5);
        }
    }

    private static int insert(ConnTable t, Addr vip, int i) {
        Addr c = Addr.v6(i);
        Addr r = Addr.v6(0x7000_0000L + (i & 1023));
        int la = i % 200;
        int lport = 1024 + (i / 200) % 60000;
        return t.insert(
                TCP,
                c.hi(),
                c.lo(),
                40000 + (i & 0xFFF),
                vip.hi(),
                vip.lo(),
                443,
                r.hi(),
                r.lo(),
                8443,
                la,
                lport,
                1,
                i & 1023,
                FwdMethod.FULLNAT);
    }
}
