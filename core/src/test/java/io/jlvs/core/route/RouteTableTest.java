package io.jlvs.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jlvs.core.net.InetAddr;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    final RouteTable t = new RouteTable(List.of(
            RouteTable.Route.of("0.0.0.0/0", 2, "198.18.0.254", 0),
            RouteTable.Route.of("198.18.0.0/24", 2, null, 0),
            RouteTable.Route.of("198.18.1.0/24", 3, null, 0),
            RouteTable.Route.of("198.18.1.128/25", 4, null, 100),
            RouteTable.Route.of("198.18.1.128/25", 5, null, 10),
            RouteTable.Route.of("2001:db8:0:5::/64", 3, null, 0),
            RouteTable.Route.of("::/0", 2, "2001:db8:0:c::fe", 0)));

    @Test
    void longestPrefixThenLowestMetricWins() {
        assertThat(ifFor("198.18.1.11")).isEqualTo(3);
        assertThat(ifFor("198.18.1.200")).isEqualTo(5);
        assertThat(ifFor("198.18.0.11")).isEqualTo(2);
        assertThat(ifFor("2001:db8:0:5::11")).isEqualTo(3);
    }

    @Test
    void nextHopIsTheGatewayOrTheDestinationItself() {
        long[] far = InetAddr.parse("203.0.113.9");
        int r = t.lookup(far[0], far[1]);
        assertThat(InetAddr.format(t.nextHopHi(r, far[0]), t.nextHopLo(r, far[1])))
                .isEqualTo("198.18.0.254");
        long[] near = InetAddr.parse("198.18.1.11");
        int n = t.lookup(near[0], near[1]);
        assertThat(InetAddr.format(t.nextHopHi(n, near[0]), t.nextHopLo(n, near[1])))
                .isEqualTo("198.18.1.11");
        long[] far6 = InetAddr.parse("2001:db8:ffff::1");
        int r6 = t.lookup(far6[0], far6[1]);
        assertThat(InetAddr.format(t.nextHopHi(r6, far6[0]), t.nextHopLo(r6, far6[1])))
                .isEqualTo("2001:db8:0:c::fe");
    }

    @Test
    void familiesDoNotLeakIntoEachOther() {
        RouteTable v4only = new RouteTable(List.of(RouteTable.Route.of("0.0.0.0/0", 2, "198.18.0.254", 0)));
        long[] v6 = InetAddr.parse("2001:db8::1");
        assertThat(v4only.lookup(v6[0], v6[1])).isEqualTo(RouteTable.NO_ROUTE);
        RouteTable v6only = new RouteTable(List.of(RouteTable.Route.of("::/0", 2, "2001:db8::fe", 0)));
        long[] v4 = InetAddr.parse("198.18.0.1");
        // ::/0 covers the IPv4-mapped space numerically, but the kernel never routes IPv4 through
        // an IPv6 default: the director's one table holds both families' routes.
        assertThat(v6only.lookup(v4[0], v4[1])).isEqualTo(RouteTable.NO_ROUTE);
        long[] ten = InetAddr.parse("10.0.0.1");
        assertThat(v6only.lookup(ten[0], ten[1])).isEqualTo(RouteTable.NO_ROUTE);
    }

    @Test
    void hostBitsOfAPrefixAreIgnored() {
        RouteTable t = new RouteTable(List.of(RouteTable.Route.of("10.1.2.3/16", 7, null, 0)));
        long[] a = InetAddr.parse("10.1.200.1");
        assertThat(t.ifIndex(t.lookup(a[0], a[1]))).isEqualTo(7);
    }

    @Test
    void ipv6LongestPrefixAcrossNearbyLengths() {
        RouteTable t = new RouteTable(List.of(
                RouteTable.Route.of("2001:db8::/48", 1, null, 0),
                RouteTable.Route.of("2001:db8::/64", 2, null, 0),
                RouteTable.Route.of("2001:db8::8000:0:0:0/65", 3, null, 0)));
        long[] a = InetAddr.parse("2001:db8::8000:0:0:1");
        int r = t.lookup(a[0], a[1]);
        assertThat(t.ifIndex(r)).isEqualTo(3);
        assertThat(t.routes().get(r).prefixLen()).isEqualTo(65);
        long[] b = InetAddr.parse("2001:db8::1");
        assertThat(t.ifIndex(t.lookup(b[0], b[1]))).isEqualTo(2);
        long[] c = InetAddr.parse("2001:db8:0:1::1");
        assertThat(t.ifIndex(t.lookup(c[0], c[1]))).isEqualTo(1);
    }

    @Test
    void rejectsImpossiblePrefixLengths() {
        assertThatThrownBy(() -> new RouteTable(List.of(RouteTable.Route.of("10.0.0.0/33", 1, null, 0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RouteTable(List.of(RouteTable.Route.of("2001:db8::/129", 1, null, 0))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void agreesWithANaiveLongestPrefixMatch(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int seed) {
        Random rnd = new Random(seed);
        List<RouteTable.Route> routes = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int len = rnd.nextInt(33);
            int addr = rnd.nextInt() & (len == 0 ? 0 : -1 << (32 - len));
            routes.add(new RouteTable.Route(0, InetAddr.v4Lo(addr), len, i + 1, 0, 0, false, i));
        }
        RouteTable table = new RouteTable(routes);
        for (int k = 0; k < 50; k++) {
            int dst = rnd.nextInt();
            RouteTable.Route best = null;
            for (RouteTable.Route r : routes) {
                int mask = r.prefixLen() == 0 ? 0 : -1 << (32 - r.prefixLen());
                if ((dst & mask) == (InetAddr.v4(r.prefixLo()) & mask)
                        && (best == null
                                || r.prefixLen() > best.prefixLen()
                                || (r.prefixLen() == best.prefixLen() && r.metric() < best.metric()))) {
                    best = r;
                }
            }
            int got = table.lookup(0, InetAddr.v4Lo(dst));
            if (best == null) {
                assertThat(got).isEqualTo(RouteTable.NO_ROUTE);
            } else {
                assertThat(table.ifIndex(got)).isEqualTo(best.ifIndex());
            }
        }
    }

    private int ifFor(String dst) {
        long[] a = InetAddr.parse(dst);
        return t.ifIndex(t.lookup(a[0], a[1]));
    }
}
