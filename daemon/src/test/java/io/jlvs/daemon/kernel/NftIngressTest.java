package io.jlvs.daemon.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NftIngressTest {
    @Test
    void rendersOneAtomicReplacementWithAChainPerInterface() {
        String script = NftIngress.render(List.of(
                new IngressPlan("eth-c", List.of("198.18.0.100", "2001:db8:0:c::100"), List.of(), List.of()),
                new IngressPlan(
                        "eth-s",
                        List.of("198.18.1.200"),
                        List.of(
                                new IngressPlan.RealServerPort("198.18.1.11", "tcp", 80),
                                new IngressPlan.RealServerPort("2001:db8:0:5::11", "udp", 53)),
                        List.of("198.18.1.1", "2001:db8:0:5::1"))));
        assertThat(script)
                .startsWith("table netdev jlvs\ndelete table netdev jlvs\ntable netdev jlvs {\n")
                .contains("chain in_eth_c {")
                .contains("type filter hook ingress device \"eth-c\" priority filter; policy accept;")
                .contains("ip daddr { 198.18.0.100 } counter drop")
                .contains("ip6 daddr { 2001:db8:0:c::100 } counter drop")
                .contains(
                        "ip saddr . meta l4proto . th sport { 198.18.1.11 . tcp . 80 } ip daddr != { 198.18.1.1 } counter drop")
                .contains(
                        "ip6 saddr . meta l4proto . th sport { 2001:db8:0:5::11 . udp . 53 } ip6 daddr != { 2001:db8:0:5::1 }");
    }

    @Test
    void refusesAnythingThatIsNotAnAddressOrInterfaceName() {
        assertThatThrownBy(() -> NftIngress.render(
                        List.of(new IngressPlan("eth0", List.of("1.2.3.4 } accept; {"), List.of(), List.of()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an IP address literal");
        assertThatThrownBy(
                        () -> NftIngress.render(List.of(new IngressPlan("eth0\" x", List.of(), List.of(), List.of()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an interface name");
        assertThatThrownBy(() -> new IngressPlan.RealServerPort("1.2.3.4", "icmp", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
