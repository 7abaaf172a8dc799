package io.jlvs.linux.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.core.net.InetAddr;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    static Route route(String cidr, int ifIndex, String gateway, int metric) {
        String[] p = cidr.split("/");
        long[] d = InetAddr.parse(p[0]);
        long[] g = gateway == null ? new long[2] : InetAddr.parse(gateway);
        return new Route(d[0], d[1], Integer.parseInt(p[1]), ifIndex, gateway != null, g[0], g[1], metric, 254);
    }

    static final RouteTable TABLE = RouteTable.of(List.of(
            route("0.0.0.0/0", 2, "10.0.0.254", 100),
            route("10.0.0.0/24", 2, null, 0),
            route("10.0.0.128/25", 3, null, 0),
            route("192.0.2.0/24", 2, "10.0.0.253", 0),
            route("192.0.2.0/24", 4, "10.0.0.252", 50), // same prefix, worse metric
            route("10.9.9.9/32", 5, null, 0),
            route("::/0", 2, "fe80::1", 1024),
            route("2001:db8::/64", 2, null, 256),
            route("2001:db8::/48", 3, "2001:db8::fe", 0),
            route("2001:db8:0:0:8000::/65", 6, null, 0)));

    @Test
    void longestPrefixWins() {
        assertThat(TABLE.find("10.0.0.7").orElseThrow().ifIndex()).isEqualTo(2);
        assertThat(TABLE.find("10.0.0.200").orElseThrow().ifIndex()).isEqualTo(3);
        assertThat(TABLE.find("10.9.9.9").orElseThrow().ifIndex()).isEqualTo(5);
        Route def = TABLE.find("8.8.8.8").orElseThrow();
        assertThat(def.isDefault()).isTrue();
        assertThat(InetAddr.format(def.gatewayHi(), def.gatewayLo())).isEqualTo("10.0.0.254");
        assertThat(TABLE.find("2001:db8::1").orElseThrow().ifIndex()).isEqualTo(2);
        assertThat(TABLE.find("2001:db8::8000:0:0:1").orElseThrow().ifIndex()).isEqualTo(6);
        assertThat(TABLE.find("2001:db8:0:1::1").orElseThrow().ifIndex()).isEqualTo(3);
        assertThat(TABLE.find("2606:4700::1").orElseThrow().hasGateway()).isTrue();
    }

    @Test
    void lowestMetricWinsAmongEqualPrefixes() {
        Route r = TABLE.find("192.0.2.1").orElseThrow();
        assertThat(r.ifIndex()).isEqualTo(2);
        assertThat(r.metric()).isZero();
        assertThat(TABLE.size()).isEqualTo(9);
    }

    @Test
    void familiesDoNotMix() {
        RouteTable v6Only = RouteTable.of(List.of(route("::/0", 2, "fe80::1", 0)));
        assertThat(v6Only.find("10.0.0.1")).isEmpty();
        RouteTable v4Only = RouteTable.of(List.of(route("0.0.0.0/0", 2, "10.0.0.1", 0)));
        assertThat(v4Only.find("2001:db8::1")).isEmpty();
        assertThat(RouteTable.empty().lookup(0, InetAddr.v4Lo(1))).isEqualTo(RouteTable.NO_ROUTE);
    }

    @Test
    void accessorsServeThePacketPath() {
        long[] a = InetAddr.parse("192.0.2.99");
        int i = TABLE.lookup(a[0], a[1]);
        assertThat(TABLE.ifIndex(i)).isEqualTo(2);
        assertThat(TABLE.hasGateway(i)).isTrue();
        assertThat(InetAddr.format(TABLE.gatewayHi(i), TABLE.gatewayLo(i))).isEqualTo("10.0.0.253");
        assertThat(TABLE.route(i).toString()).isEqualTo("192.0.2.0/24 via 10.0.0.253 dev 2");
    }

    @Test
    void hostBitsInADestinationAreMaskedOff() {
        RouteTable t = RouteTable.of(List.of(route("10.1.2.3/16", 7, null, 0)));
        assertThat(t.find("10.1.200.1").orElseThrow().ifIndex()).isEqualTo(7);
        assertThat(InetAddr.format(t.route(0).dstHi(), t.route(0).dstLo())).isEqualTo("10.1.0.0");
    }

    @Test
    void rejectsImpossiblePrefixLengths() {
        assertThatThrownBy(() -> route("10.0.0.0/33", 1, null, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> route("2001:db8::/129", 1, null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Against a brute-force scan: the lookup returns a longest matching prefix. */
    @Property(tries = 50)
    void agreesWithALinearScan(@ForAll long seed) {
        Random r = new Random(seed);
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int len = r.nextInt(33);
            int addr = r.nextInt(4) == 0 ? r.nextInt() : (10 << 24) | r.nextInt(1 << 16);
            routes.add(new Route(0, InetAddr.v4Lo(addr), len, i + 1, false, 0, 0, 0, 254));
        }
        RouteTable t = RouteTable.of(routes);
        for (int q = 0; q < 200; q++) {
            int addr = q % 2 == 0 ? r.nextInt() : (10 << 24) | r.nextInt(1 << 16);
            int best = -1;
            for (Route c : routes) {
                int len = c.prefixLength();
                int mask = len == 0 ? 0 : -1 << (32 - len);
                if ((addr & mask) == (InetAddr.v4(c.dstLo()) & mask) && len > best) {
                    best = len;
                }
            }
            int got = t.lookup(0, InetAddr.v4Lo(addr));
            if (best < 0) {
                assertThat(got).isEqualTo(RouteTable.NO_ROUTE);
            } else {
                assertThat(t.route(got).prefixLength()).isEqualTo(best);
                int mask = best == 0 ? 0 : -1 << (32 - best);
                assertThat(InetAddr.v4(t.route(got).dstLo()) & mask).isEqualTo(addr & mask);
            }
        }
    }
}
