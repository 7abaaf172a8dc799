package io.jlvs.linux.iface;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.linux.lab.NetnsLab;
import io.jlvs.linux.lab.RequiresRootLab;
import io.jlvs.linux.libc.Errno;
import io.jlvs.linux.libc.LinuxException;
import io.jlvs.linux.netns.NetNamespace;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@RequiresRootLab
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InterfacesTest {
    NetnsLab lab;
    NetNamespace a;

    @BeforeAll
    void setUp() {
        lab = new NetnsLab();
        String nsA = lab.namespace("a");
        String nsB = lab.namespace("b");
        lab.veth(nsA, "va", nsB, "vb");
        lab.ip(nsA, "link", "set", "va", "address", "02:00:5e:10:00:01", "mtu", "1400");
        lab.addr(nsA, "va", "10.77.1.1/24");
        lab.addr(nsA, "va", "2001:db8:77:1::1/64");
        a = lab.enter(nsA);
    }

    @AfterAll
    void tearDown() {
        lab.close();
    }

    @Test
    void byNameReadsMacMtuFlagsAndAddresses() {
        NetInterface va = a.call(() -> Interfaces.byName("va"));
        assertThat(va.name()).isEqualTo("va");
        assertThat(va.index()).isEqualTo(a.call(() -> Interfaces.index("va")));
        assertThat(va.macString()).isEqualTo("02:00:5e:10:00:01");
        assertThat(va.macBytes()).isEqualTo(HexFormat.ofDelimiter(":").parseHex("02:00:5e:10:00:01"));
        assertThat(va.mtu()).isEqualTo(1400);
        assertThat(va.up()).isTrue();
        assertThat(va.running()).isTrue();
        assertThat(va.addresses())
                .extracting(IfAddress::toString)
                .contains("10.77.1.1/24", "2001:db8:77:1::1/64")
                .anyMatch(s -> s.startsWith("fe80::")); // the link-local address the kernel adds
        assertThat(a.call(() -> Interfaces.mtu("va"))).isEqualTo(1400);
    }

    @Test
    void allAgreesWithByName() {
        List<NetInterface> all = a.call(Interfaces::all);
        assertThat(all).extracting(NetInterface::name).containsExactly("lo", "va");
        NetInterface lo = all.getFirst();
        assertThat(lo.loopback()).isTrue();
        assertThat(lo.addresses()).extracting(IfAddress::toString).contains("127.0.0.1/8", "::1/128");
        NetInterface viaDump = all.get(1);
        NetInterface viaIoctl = a.call(() -> Interfaces.byName("va"));
        assertThat(viaDump.index()).isEqualTo(viaIoctl.index());
        assertThat(viaDump.mac()).isEqualTo(viaIoctl.mac());
        assertThat(viaDump.mtu()).isEqualTo(viaIoctl.mtu());
        assertThat(viaDump.up()).isEqualTo(viaIoctl.up());
        assertThat(viaDump.running()).isEqualTo(viaIoctl.running());
        assertThat(viaDump.addresses()).containsExactlyInAnyOrderElementsOf(viaIoctl.addresses());
    }

    @Test
    void upWithoutCarrierIsNotRunning() {
        // A veth whose peer is down is administratively up but has no carrier.
        lab.ip(a.name(), "link", "add", "vx", "type", "veth", "peer", "name", "vy");
        try {
            lab.ip(a.name(), "link", "set", "vx", "up");
            NetInterface vx = a.call(() -> Interfaces.byName("vx"));
            assertThat(vx.up()).isTrue();
            assertThat(vx.running()).isFalse();
            NetInterface vy = a.call(() -> Interfaces.byName("vy"));
            assertThat(vy.up()).isFalse();
            assertThat(vy.running()).isFalse();
            lab.ip(a.name(), "link", "set", "vy", "up");
            assertThat(a.call(() -> Interfaces.byName("vx")).running()).isTrue();
        } finally {
            lab.ip(a.name(), "link", "del", "vx");
        }
    }

    @Test
    void missingInterfacesAreNamed() {
        assertThat(a.call(() -> Interfaces.find("jlt-nope2"))).isEmpty();
        assertThatThrownBy(() -> a.call(() -> Interfaces.byName("jlt-nope2")))
                .isInstanceOf(LinuxException.class)
                .hasMessage("interface jlt-nope2 not found (ENODEV: No such device)")
                .satisfies(e -> assertThat(((LinuxException) e).errno()).isEqualTo(Errno.ENODEV));
        assertThatThrownBy(() -> a.call(() -> Interfaces.byName("a-name-much-too-long-for-linux")))
                .hasMessageStartingWith("interface a-name-much-too-long-for-linux not found");
        // The interface lives in the namespace, not in the test's own.
        assertThat(Interfaces.find("va")).isEmpty();
    }
}
