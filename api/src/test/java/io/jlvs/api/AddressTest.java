package io.jlvs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AddressTest {
    @Test
    void ipv4IsCarriedInItsMappedForm() {
        Address a = Address.parse("10.1.2.3");
        assertThat(a.hi()).isZero();
        assertThat(a.lo()).isEqualTo(0x0000_FFFF_0A01_0203L);
        assertThat(a.isV4()).isTrue();
        assertThat(a.family()).isEqualTo(Family.INET);
        assertThat(a.text()).isEqualTo("10.1.2.3");
    }

    @Test
    void aMappedIpv6LiteralIsIpv4() {
        assertThat(Address.parse("::ffff:192.0.2.1")).isEqualTo(Address.parse("192.0.2.1"));
    }

    @Test
    void ipv6TextIsRfc5952() {
        assertThat(Address.parse("2001:0db8:0000:0000:0000:0000:0000:0001").text())
                .isEqualTo("2001:db8::1");
        assertThat(Address.parse("2001:db8:0:1:0:0:0:1").text()).isEqualTo("2001:db8:0:1::1");
        assertThat(Address.parse("2001:0:0:1:0:0:1:1").text()).isEqualTo("2001::1:0:0:1:1");
        assertThat(Address.parse("::").text()).isEqualTo("::");
        assertThat(Address.parse("fe80::").text()).isEqualTo("fe80::");
        assertThat(Address.parse("2001:db8:1:2:3:4:5:6").text()).isEqualTo("2001:db8:1:2:3:4:5:6");
        assertThat(Address.parse("2001:db8::1").family()).isEqualTo(Family.INET6);
    }

    @Test
    void namesAndGarbageAreNotAddresses() {
        assertThatThrownBy(() -> Address.parse("localhost")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Address.parse("10.0.0.256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Address.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Address.ofBytes(new byte[5])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void orderIsUnsigned() {
        assertThat(Address.parse("10.0.0.1")).isLessThan(Address.parse("200.0.0.1"));
        assertThat(Address.parse("2001:db8::1")).isLessThan(Address.parse("fe80::1"));
    }

    @Property
    void bytesRoundTripThroughTheJdk(@ForAll @Size(16) byte[] raw) throws Exception {
        Address a = Address.ofBytes(raw);
        InetAddress jdk = InetAddress.getByAddress(a.bytes());
        assertThat(Address.ofBytes(jdk.getAddress())).isEqualTo(a);
        assertThat(Address.parse(a.text())).isEqualTo(a);
    }

    @Property
    void v4RoundTrips(@ForAll int v4) {
        Address a = Address.ofV4(v4);
        assertThat(a.v4()).isEqualTo(v4);
        assertThat(Address.parse(a.text())).isEqualTo(a);
        assertThat(a.bytes()).hasSize(4);
    }
}
