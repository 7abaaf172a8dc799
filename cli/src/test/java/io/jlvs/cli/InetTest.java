package io.jlvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.api.Address;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class InetTest {
    @Test
    void stringToNumberIsStrtolOverTheWholeWord() {
        assertThat(Inet.stringToNumber("80", 0, 65535)).isEqualTo(80);
        assertThat(Inet.stringToNumber(" +80", 0, 65535))
                .as("strtol skips blanks, takes a sign")
                .isEqualTo(80);
        assertThat(Inet.stringToNumber("65535", 0, 65535)).isEqualTo(65535);
        assertThat(Inet.stringToNumber("65536", 0, 65535)).isEqualTo(-1);
        assertThat(Inet.stringToNumber("-0", 0, 1)).isZero();
        assertThat(Inet.stringToNumber("8O", 0, 65535)).isEqualTo(-1);
        assertThat(Inet.stringToNumber("", 0, 65535)).isEqualTo(-1);
        assertThat(Inet.stringToNumber("80 ", 0, 65535)).isEqualTo(-1);
        assertThat(Inet.stringToNumber("99999999999999999999999", 0, Long.MAX_VALUE))
                .isEqualTo(-1);
    }

    @Test
    void atoiStopsAtTheFirstNonDigit() {
        assertThat(Inet.atoi("64abc")).isEqualTo(64);
        assertThat(Inet.atoi("  -3")).isEqualTo(-3);
        assertThat(Inet.atoi("x")).isZero();
    }

    @Test
    void atonTakesEveryInetAtonForm() {
        assertThat(Inet.aton("192.0.2.1")).isEqualTo(Address.parse("192.0.2.1"));
        assertThat(Inet.aton("10.1")).isEqualTo(Address.parse("10.0.0.1"));
        assertThat(Inet.aton("10.1.2")).isEqualTo(Address.parse("10.1.0.2"));
        assertThat(Inet.aton("3221225985")).isEqualTo(Address.parse("192.0.2.1"));
        assertThat(Inet.aton("0xc0.0.02.1")).isEqualTo(Address.parse("192.0.2.1"));
        assertThat(Inet.aton("010.0.0.1")).as("a leading 0 is octal").isEqualTo(Address.parse("8.0.0.1"));
        assertThat(Inet.aton("256.0.0.1")).isNull();
        assertThat(Inet.aton("1.2.3.4.5")).isNull();
        assertThat(Inet.aton("1..2")).isNull();
        assertThat(Inet.aton("09.1.1.1")).as("9 is not an octal digit").isNull();
        assertThat(Inet.aton("www.example.com")).isNull();
        assertThat(Inet.aton("")).isNull();
    }

    @Test
    void pton6TakesIpv6LiteralsOnly() {
        assertThat(Inet.pton6("2001:db8::1")).isEqualTo(Address.parse("2001:db8::1"));
        assertThat(Inet.pton6("192.0.2.1")).isNull();
        assertThat(Inet.pton6("[2001:db8::1]")).isNull();
        assertThat(Inet.pton6("fe80::1%eth0")).isNull();
        assertThat(Inet.pton6("2001:db8::1:80:1:2:3:4")).isNull();
    }

    @Test
    void ntopIsGlibcs() {
        assertThat(Inet.ntop(Address.parse("2001:db8::1"))).isEqualTo("2001:db8::1");
        assertThat(Inet.ntop(Address.parse("::"))).isEqualTo("::");
        assertThat(Inet.ntop(Address.parse("::1"))).isEqualTo("::1");
        assertThat(Inet.ntop(Address.parse("::2"))).isEqualTo("::2");
        assertThat(Inet.ntop(Address.parse("fe80::"))).isEqualTo("fe80::");
        assertThat(Inet.ntop(Address.parse("2001:db8:0:1:0:0:0:1"))).isEqualTo("2001:db8:0:1::1");
        assertThat(Inet.ntop(Address.parse("2001:db8:0:0:1:0:0:1")))
                .as("first of equal runs")
                .isEqualTo("2001:db8::1:0:0:1");
        assertThat(Inet.ntop(Address.parse("2001:db8:1:0:1:1:1:1")))
                .as("a single zero group stays")
                .isEqualTo("2001:db8:1:0:1:1:1:1");
        assertThat(Inet.ntop(Address.parse("::192.0.2.1")))
                .as("IPv4-compatible")
                .isEqualTo("::192.0.2.1");
        assertThat(Inet.ntop(Address.parse("192.0.2.1"))).isEqualTo("192.0.2.1");
    }

    @Property
    void contiguousMasksAreTheirPrefix(@ForAll @IntRange(min = 0, max = 32) int prefix) {
        assertThat(Inet.maskToPrefix(Inet.prefixToMask(prefix))).isEqualTo(prefix);
    }

    @Test
    void masksWithHolesHaveNoPrefix() {
        assertThat(Inet.maskToPrefix(Address.parse("255.0.255.0").v4())).isEqualTo(-1);
        assertThat(Inet.maskToPrefix(Address.parse("0.0.0.255").v4())).isEqualTo(-1);
        assertThat(Inet.maskToPrefix(Address.parse("255.255.255.0").v4())).isEqualTo(24);
    }
}
