package io.jlvs.core.route;

import io.jlvs.core.net.InetAddr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable copy of the director kernel's routing table, as the data plane uses it: for a
 * destination, the egress interface and the next hop (the gateway, or the destination itself when
 * on-link). Operators route as they always have; the control plane rebuilds this table from
 * netlink whenever the kernel's table changes and publishes it with the next snapshot.
 *
 * <p>Longest prefix wins, then the lowest metric. A director has a handful of routes, so the
 * lookup is a scan of an array sorted by prefix length: no allocation, no pointer chasing, and
 * fewer cycles than a trie at this size. IPv4 routes are stored as IPv4-mapped prefixes
 * ({@code ::ffff:0:0/96} + the IPv4 prefix length), so one scan serves both families.
 */
public final class RouteTable {
    /** {@link #lookup} result when no route matches. */
    public static final int NO_ROUTE = -1;

    private final long[] prefixHi;
    private final long[] prefixLo;
    private final long[] maskHi;
    private final long[] maskLo;
    private final int[] prefixLen;
    private final int[] ifIndex;
    private final long[] gatewayHi;
    private final long[] gatewayLo;
    private final boolean[] hasGateway;
    private final boolean[] v4;
    private final List<Route> routes;

    /** One route; {@code prefixLen} is in the address's own family (0..32 for IPv4). */
    public record Route(
            long prefixHi,
            long prefixLo,
            int prefixLen,
            int ifIndex,
            long gatewayHi,
            long gatewayLo,
            boolean hasGateway,
            int metric) {
        /** Parses "198.18.1.0/24" or "2001:db8::/32" (and "default" needs an explicit family). */
        public static Route of(String prefix, int ifIndex, String gateway, int metric) {
            int slash = prefix.indexOf('/');
            long[] a = InetAddr.parse(slash < 0 ? prefix : prefix.substring(0, slash));
            boolean v4 = InetAddr.isV4(a[0], a[1]);
            int len = slash < 0 ? (v4 ? 32 : 128) : Integer.parseInt(prefix.substring(slash + 1));
            long[] g = gateway == null ? new long[2] : InetAddr.parse(gateway);
            return new Route(a[0], a[1], len, ifIndex, g[0], g[1], gateway != null, metric);
        }

        boolean v4() {
            return InetAddr.isV4(prefixHi, prefixLo);
        }

        /** Length in the 128-bit space the table scans. */
        int mappedLen() {
            return v4() ? 96 + prefixLen : prefixLen;
        }
    }

    public RouteTable(List<Route> input) {
        List<Route> sorted = new ArrayList<>(input);
        for (Route r : sorted) {
            int max = r.v4() ? 32 : 128;
            if (r.prefixLen() < 0 || r.prefixLen() > max) {
                throw new IllegalArgumentException("prefix length " + r.prefixLen() + " out of range 0.." + max);
            }
        }
        sorted.sort(Comparator.comparingInt(Route::mappedLen).reversed().thenComparingInt(Route::metric));
        int n = sorted.size();
        prefixHi = new long[n];
        prefixLo = new long[n];
        maskHi = new long[n];
        maskLo = new long[n];
        prefixLen = new int[n];
        ifIndex = new int[n];
        gatewayHi = new long[n];
        gatewayLo = new long[n];
        hasGateway = new boolean[n];
        v4 = new boolean[n];
        for (int i = 0; i < n; i++) {
            Route r = sorted.get(i);
            int len = r.mappedLen();
            maskHi[i] = len == 0 ? 0 : len >= 64 ? -1L : -1L << (64 - len);
            maskLo[i] = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
            prefixHi[i] = r.prefixHi() & maskHi[i];
            prefixLo[i] = r.prefixLo() & maskLo[i];
            prefixLen[i] = len;
            ifIndex[i] = r.ifIndex();
            gatewayHi[i] = r.gatewayHi();
            gatewayLo[i] = r.gatewayLo();
            hasGateway[i] = r.hasGateway();
            v4[i] = r.v4();
        }
        routes = List.copyOf(sorted);
    }

    /**
     * The route for a destination, or {@link #NO_ROUTE}; the index is the route's position in
     * {@link #routes()}. Only routes of the destination's family match: an IPv6 default ({@code
     * ::/0}) also covers the IPv4-mapped space, and the kernel never sends IPv4 through it.
     */
    public int lookup(long dstHi, long dstLo) {
        boolean dstV4 = InetAddr.isV4(dstHi, dstLo);
        for (int i = 0; i < prefixLen.length; i++) {
            if (v4[i] == dstV4 && (dstHi & maskHi[i]) == prefixHi[i] && (dstLo & maskLo[i]) == prefixLo[i]) {
                return i;
            }
        }
        return NO_ROUTE;
    }

    public int ifIndex(int route) {
        return ifIndex[route];
    }

    /** The next hop's high long: the gateway, or the destination itself on a connected route. */
    public long nextHopHi(int route, long dstHi) {
        return hasGateway[route] ? gatewayHi[route] : dstHi;
    }

    public long nextHopLo(int route, long dstLo) {
        return hasGateway[route] ? gatewayLo[route] : dstLo;
    }

    /** The routes, longest prefix first, for display. */
    public List<Route> routes() {
        return routes;
    }

    public int size() {
        return prefixLen.length;
    }
}
