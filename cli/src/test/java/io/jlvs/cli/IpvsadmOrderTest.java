package io.jlvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.api.Address;
import io.jlvs.api.ForwardMethod;
import io.jlvs.api.Protocol;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** libipvs's comparators as ipvsadm runs them: 32-bit differences read as ints. */
class IpvsadmOrderTest {
    static ServiceKey tcp(String a) {
        return ServiceKey.of(Protocol.TCP, Address.parse(a), 80);
    }

    static RealServerConfig dest(String a) {
        return new RealServerConfig(Address.parse(a), 80, ForwardMethod.ROUTE, 1, 0, 0, 0);
    }

    @Test
    void addressesTwoToTheThirtyOneApartCompareAsTheCSubtractionSays() {
        // 0xC0A80001 - 0x0A000001 = 0xB6A80000: negative as an int, so 192.168.0.1 comes first.
        assertThat(IpvsadmOrder.compareServices(tcp("192.168.0.1"), tcp("10.0.0.1")))
                .isNegative();
        assertThat(IpvsadmOrder.compareDests(dest("172.16.0.1"), dest("10.0.0.1")))
                .isNegative();
        // Closer than 2^31: the plain order.
        assertThat(IpvsadmOrder.compareDests(dest("10.0.0.2"), dest("10.0.0.10")))
                .isNegative();
        assertThat(IpvsadmOrder.compareServices(tcp("192.0.2.1"), tcp("192.0.2.1")))
                .isZero();
        // Family before address, protocol before address, fwmark services last.
        assertThat(IpvsadmOrder.compareServices(tcp("2001:db8::1"), tcp("192.0.2.1")))
                .isPositive();
        assertThat(IpvsadmOrder.compareServices(
                        ServiceKey.of(Protocol.UDP, Address.parse("10.0.0.1"), 53), tcp("192.0.2.1")))
                .isPositive();
        assertThat(IpvsadmOrder.compareServices(
                        ServiceKey.ofFwmark(1, io.jlvs.api.Family.INET), tcp("255.255.255.254")))
                .isPositive();
    }

    @Test
    void aCycleIsSortedWithoutAnExceptionAsGlibcWould() {
        // 0.x < 100.x < 200.x < 0.x: not transitive. glibc's merge sort of [200, 100, 0]:
        // [200] + merge([100], [0]) = [200] + [0, 100]?  0 - 100 < 0, so [0, 100]; then 200 vs 0:
        // 200 - 0 = 0xC8.. < 0, 200 first; 100 vs... leaves [200, 0, 100].
        List<RealServerConfig> in = List.of(dest("200.0.0.1"), dest("100.0.0.1"), dest("0.0.0.1"));
        assertThat(IpvsadmOrder.sorted(in, IpvsadmOrder.DESTS))
                .extracting(d -> d.address().text())
                .containsExactly("200.0.0.1", "0.0.0.1", "100.0.0.1");
    }
}
