package io.jlvs.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.net.InetAddr;
import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0.1",
                "0.0.0.0",
                "255.255.255.255",
                "::",
                "::1",
                "1::",
                "2001:db8::1",
                "2001:db8:0:0:1:0:0:1",
                "fe80::1:2:3:4",
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "::1.2.3.4",
                "64:ff9b::10.0.0.1"
            })
    void parsesWhatInetPtonParses(String text) throws Exception {
        IpAddress a = IpAddress.parse(text).orElseThrow();
        byte[] b = InetAddress.getByName(text).getAddress();
        long[] expected = InetAddr.parse(InetAddress.getByAddress(b).getHostAddress());
        assertThat(new long[] {a.hi(), a.lo()}).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "10.0.0",
                "10.0.0.256",
                "10.0.0.01",
                "10..0.1",
                "10.0.0.1.",
                ".10.0.0.1",
                "1.2.3.4.5",
                "a.b.c.d",
                "10.1",
                "",
                ":",
                ":::",
                "1:2:3:4:5:6:7:8:9",
                "1::2::3",
                "12345::",
                "::g",
                "[::1]",
                "fe80::1%eth0",
                "::ffff:10.0.0.1",
                "1:2:3:4:5:6:7:1.2.3.4",
                "1:",
                " 10.0.0.1"
            })
    void refusesWhatInetPtonRefuses(String text) {
        assertThat(IpAddress.parse(text)).isEmpty();
    }

    @Property(tries = 300)
    void v4RoundTrips(@ForAll int addr) {
        IpAddress a = IpAddress.ofV4(addr);
        assertThat(IpAddress.parse(a.toString())).contains(a);
        assertThat(a.isV4()).isTrue();
        assertThat(a.v4()).isEqualTo(addr);
    }

    @Property(tries = 300)
    void v6RoundTrips(@ForAll long hi, @ForAll long lo) {
        IpAddress a = new IpAddress(hi, lo);
        if (!a.isV4()) {
            assertThat(IpAddress.parse(a.toString())).contains(a);
        }
    }

    @Property(tries = 200)
    void orderIsUnsigned(@ForAll long lo) {
        IpAddress a = new IpAddress(0, lo);
        assertThat(a.compareTo(a.plus(1)) < 0 || a.plus(1).lo() == 0).isTrue();
    }
}
