package io.jlvs.linux.route;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.route.RouteTable;
import io.jlvs.core.route.RouteTable.Route;
import java.util.Optional;

/** Reading core's {@link RouteTable} the way the route tests ask about it. */
final class TestRoutes {
    private TestRoutes() {}

    /** The route to a textual address; lookup indexes are positions in {@code routes()}. */
    static Optional<Route> find(RouteTable t, String address) {
        long[] a = InetAddr.parse(address);
        int i = t.lookup(a[0], a[1]);
        return i == RouteTable.NO_ROUTE
                ? Optional.empty()
                : Optional.of(t.routes().get(i));
    }

    static boolean isDefault(Route r) {
        return r.prefixLen() == 0;
    }

    static boolean isV4(Route r) {
        return InetAddr.isV4(r.prefixHi(), r.prefixLo());
    }

    /** The gateway, or null on a connected route. */
    static String gateway(Route r) {
        return r.hasGateway() ? InetAddr.format(r.gatewayHi(), r.gatewayLo()) : null;
    }

    /** {@code 10.0.0.0/24 dev 3} or {@code default via 10.0.0.254 dev 3 metric 100}, as {@code ip route}. */
    static String describe(Route r) {
        String dst = isDefault(r) ? "default" : InetAddr.format(r.prefixHi(), r.prefixLo()) + "/" + r.prefixLen();
        return dst + (r.hasGateway() ? " via " + gateway(r) : "") + " dev " + r.ifIndex()
                + (r.metric() != 0 ? " metric " + r.metric() : "");
    }
}
