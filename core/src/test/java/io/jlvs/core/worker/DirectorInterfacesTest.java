package io.jlvs.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.core.net.InetAddr;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectorInterfacesTest {
    @Test
    void addressesArriveAsInetAddrPairsAndZeroMeansNone() {
        long[] v4 = InetAddr.parse("198.18.0.1");
        long[] v6 = InetAddr.parse("2001:db8::1");
        DirectorInterfaces ifs = new DirectorInterfaces(List.of(
                new DirectorInterfaces.Iface(2, "a", 0x02_00_00_00_00_02L, 1500, v4[0], v4[1], v6[0], v6[1]),
                new DirectorInterfaces.Iface(3, "b", 0x02_00_00_00_00_03L, 9000, 0, 0, 0, 0)));
        assertThat(ifs.serves(2)).isTrue();
        assertThat(ifs.hasV4(2)).isTrue();
        assertThat(ifs.v4(2)).isEqualTo(0xC612_0001);
        assertThat(ifs.hasV6(2)).isTrue();
        assertThat(ifs.v6Hi(2)).isEqualTo(v6[0]);
        assertThat(ifs.v6Lo(2)).isEqualTo(v6[1]);
        assertThat(ifs.hasV4(3)).isFalse();
        assertThat(ifs.hasV6(3)).isFalse();
        assertThat(ifs.mtu(3)).isEqualTo(9000);
    }

    @Test
    void anAddressOfTheWrongFamilyIsRefused() {
        long[] v4 = InetAddr.parse("198.18.0.1");
        long[] v6 = InetAddr.parse("2001:db8::1");
        assertThatThrownBy(() -> new DirectorInterfaces(
                        List.of(new DirectorInterfaces.Iface(2, "a", 2, 1500, v6[0], v6[1], 0, 0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DirectorInterfaces(
                        List.of(new DirectorInterfaces.Iface(2, "a", 2, 1500, 0, 0, v4[0], v4[1]))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
