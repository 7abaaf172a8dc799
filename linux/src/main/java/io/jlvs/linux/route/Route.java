package io.jlvs.linux.route;

import io.jlvs.core.net.InetAddr;

/**
 * One unicast route from the kernel's table, addresses in the {@link InetAddr} two-long form.
 *
 * @param prefixLength in the destination's own family: 0..32 for IPv4, 0..128 for IPv6
 * @param ifIndex the egress interface
 * @param hasGateway false for an on-link (connected) route: the destination itself is the next
 *     hop, to be resolved by ARP/NDP on {@code ifIndex}
 * @param metric RTA_PRIORITY; among equal prefixes the lowest wins, as in the kernel
 */
public record Route(
        long dstHi,
        long dstLo,
        int prefixLength,
        int ifIndex,
        boolean hasGateway,
        long gatewayHi,
        long gatewayLo,
        int metric,
        int table) {

    public Route {
        int max = InetAddr.isV4(dstHi, dstLo) ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " outside 0.." + max);
        }
    }

    public boolean isV4() {
        return InetAddr.isV4(dstHi, dstLo);
    }

    public boolean isDefault() {
        return prefixLength == 0;
    }

    /** {@code 10.0.0.0/24 dev 3} or {@code default via 10.0.0.254 dev 3 metric 100}. */
    @Override
    public String toString() {
        String dst = prefixLength == 0 ? "default" : InetAddr.format(dstHi, dstLo) + "/" + prefixLength;
        return dst + (hasGateway ? " via " + InetAddr.format(gatewayHi, gatewayLo) : "") + " dev " + ifIndex
                + (metric != 0 ? " metric " + metric : "");
    }
}
