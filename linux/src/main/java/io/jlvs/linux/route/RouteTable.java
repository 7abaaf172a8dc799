package io.jlvs.linux.route;

import io.jlvs.core.net.InetAddr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of unicast routes with longest-prefix-match lookup, built on the
 * control plane and read anywhere: {@link #lookup} and the per-route accessors allocate nothing,
 * so a worker may ask for a real server's egress interface and next hop on the packet path.
 *
 * <p>Each family keeps one sorted array of masked prefixes per distinct prefix length, longest
 * first; a lookup binary-searches them in turn and the first hit is the longest match. Routing
 * tables on a director have tens of entries and a handful of lengths, so this is a few dozen
 * comparisons. Among routes to the same prefix the lowest metric wins, as in the kernel's FIB.
 * Policy routing (ip rule) is not modelled: one table is one snapshot.
 */
public final class RouteTable {
    public static final int NO_ROUTE = -1;

    private static final RouteTable EMPTY = new RouteTable(List.of());

    private final Route[] routes;
    private final Lpm v4;
    private final Lpm v6;

    private RouteTable(Collection<Route> all) {
        // Per prefix keep the lowest metric; ties keep the first seen (the kernel's order).
        // Destinations are stored masked, so host bits in a hand-made Route cannot hide it.
        Map<Prefix, Route> best = new LinkedHashMap<>();
        for (Route r : all) {
            int w = width(r);
            Route m = new Route(
                    r.dstHi() & hiMask(w),
                    r.dstLo() & loMask(w),
                    r.prefixLength(),
                    r.ifIndex(),
                    r.hasGateway(),
                    r.gatewayHi(),
                    r.gatewayLo(),
                    r.metric(),
                    r.table());
            best.merge(new Prefix(m.dstHi(), m.dstLo(), w), m, (a, b) -> b.metric() < a.metric() ? b : a);
        }
        List<Route> kept = new ArrayList<>(best.values());
        kept.sort(Comparator.comparing(Route::isV4)
                .reversed()
                .thenComparing(Comparator.comparingInt(Route::prefixLength).reversed())
                .thenComparing(Route::dstHi, Long::compareUnsigned)
                .thenComparing(Route::dstLo, Long::compareUnsigned));
        this.routes = kept.toArray(new Route[0]);
        this.v4 = new Lpm(routes, true);
        this.v6 = new Lpm(routes, false);
    }

    public static RouteTable of(Collection<Route> routes) {
        return new RouteTable(routes);
    }

    public static RouteTable empty() {
        return EMPTY;
    }

    /** The index of the longest-prefix route to (hi, lo), or {@link #NO_ROUTE}. */
    public int lookup(long hi, long lo) {
        return InetAddr.isV4(hi, lo) ? v4.lookup(hi, lo) : v6.lookup(hi, lo);
    }

    /** Control-plane convenience: the route to a textual address. */
    public Optional<Route> find(String address) {
        long[] a = InetAddr.parse(address);
        int i = lookup(a[0], a[1]);
        return i == NO_ROUTE ? Optional.empty() : Optional.of(routes[i]);
    }

    public int size() {
        return routes.length;
    }

    public Route route(int index) {
        return routes[index];
    }

    public List<Route> routes() {
        return List.of(routes);
    }

    public int ifIndex(int index) {
        return routes[index].ifIndex();
    }

    public boolean hasGateway(int index) {
        return routes[index].hasGateway();
    }

    public long gatewayHi(int index) {
        return routes[index].gatewayHi();
    }

    public long gatewayLo(int index) {
        return routes[index].gatewayLo();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouteTable t && Arrays.equals(routes, t.routes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(routes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RouteTable[");
        for (int i = 0; i < routes.length; i++) {
            sb.append(i == 0 ? "" : "; ").append(routes[i]);
        }
        return sb.append(']').toString();
    }

    /** Prefix length in the 128-bit space both families are carried in. */
    private static int width(Route r) {
        return r.isV4() ? 96 + r.prefixLength() : r.prefixLength();
    }

    private record Prefix(long hi, long lo, int width) {}

    static long hiMask(int width) {
        return width >= 64 ? -1L : width == 0 ? 0 : -1L << (64 - width);
    }

    static long loMask(int width) {
        return width <= 64 ? 0 : width == 128 ? -1L : -1L << (128 - width);
    }

    /** One family's prefixes, grouped by length, longest first. */
    private static final class Lpm {
        private final int[] widths;
        private final long[] hiMasks;
        private final long[] loMasks;
        private final long[][] keyHi;
        private final long[][] keyLo;
        private final int[][] index;

        Lpm(Route[] sorted, boolean v4) {
            // `sorted` is grouped by family, then by descending prefix length, then by key.
            List<int[]> groups = new ArrayList<>(); // {width, first, end}
            for (int i = 0; i < sorted.length; i++) {
                if (sorted[i].isV4() != v4) {
                    continue;
                }
                int w = width(sorted[i]);
                if (groups.isEmpty() || groups.getLast()[0] != w) {
                    groups.add(new int[] {w, i, i + 1});
                } else {
                    groups.getLast()[2] = i + 1;
                }
            }
            int n = groups.size();
            widths = new int[n];
            hiMasks = new long[n];
            loMasks = new long[n];
            keyHi = new long[n][];
            keyLo = new long[n][];
            index = new int[n][];
            for (int g = 0; g < n; g++) {
                int[] grp = groups.get(g);
                int w = grp[0];
                widths[g] = w;
                hiMasks[g] = hiMask(w);
                loMasks[g] = loMask(w);
                int len = grp[2] - grp[1];
                keyHi[g] = new long[len];
                keyLo[g] = new long[len];
                index[g] = new int[len];
                for (int j = 0; j < len; j++) {
                    Route r = sorted[grp[1] + j];
                    keyHi[g][j] = r.dstHi() & hiMasks[g];
                    keyLo[g][j] = r.dstLo() & loMasks[g];
                    index[g][j] = grp[1] + j;
                }
            }
        }

        int lookup(long hi, long lo) {
            for (int g = 0; g < widths.length; g++) {
                long h = hi & hiMasks[g];
                long l = lo & loMasks[g];
                long[] kh = keyHi[g];
                long[] kl = keyLo[g];
                int low = 0;
                int high = kh.length - 1;
                while (low <= high) {
                    int mid = (low + high) >>> 1;
                    int c = Long.compareUnsigned(kh[mid], h);
                    if (c == 0) {
                        c = Long.compareUnsigned(kl[mid], l);
                    }
                    if (c == 0) {
                        return index[g][mid];
                    }
                    if (c < 0) {
                        low = mid + 1;
                    } else {
                        high = mid - 1;
                    }
                }
            }
            return NO_ROUTE;
        }
    }
}
