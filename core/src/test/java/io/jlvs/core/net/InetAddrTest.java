package io.jlvs.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InetAddrTest {
    @Test
    void ipv4IsCarriedMapped() {
        long[] a = InetAddr.parse("198.18.0.100");
        assertThat(a[0]).isZero();
        assertThat(a[1]).isEqualTo(0x0000_FFFF_C612_0064L);
        assertThat(InetAddr.isV4(a[0], a[1])).isTrue();
        assertThat(InetAddr.format(a[0], a[1])).isEqualTo("198.18.0.100");
    }

    @Test
    void ipv6FormatsAsRfc5952() {
        long[] a = InetAddr.parse("2001:db8:0:0:1:0:0:1");
        assertThat(InetAddr.isV4(a[0], a[1])).isFalse();
        assertThat(InetAddr.format(a[0], a[1])).isEqualTo("2001:db8::1:0:0:1");
        long[] z = InetAddr.parse("::");
        assertThat(InetAddr.format(z[0], z[1])).isEqualTo("::");
        long[] one = InetAddr.parse("::1");
        assertThat(InetAddr.format(one[0], one[1])).isEqualTo("::1");
    }

    @Test
    void rejectsNonAddresses() {
        assertThatThrownBy(() -> InetAddr.parse("example.org")).isInstanceOf(IllegalArgumentException.class);
    }
}
