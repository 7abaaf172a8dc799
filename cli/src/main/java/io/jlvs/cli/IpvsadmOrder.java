package io.jlvs.cli;

import io.jlvs.api.Address;
import io.jlvs.api.Family;
import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order ipvsadm lists services and real servers in: libipvs's ipvs_cmp_services and
 * ipvs_cmp_dests, C arithmetic included, sorted the way glibc's qsort (a merge sort) sorts.
 *
 * <p>The comparators subtract 32-bit words and read the difference as an int, so two addresses
 * 2^31 or more apart compare the "wrong" way round: ipvsadm lists 192.168.0.1 before 10.0.0.1 and
 * 172.16.0.1 before 10.0.0.1, and operators' scripts that diff its output see that order. The
 * subtraction also makes the comparison not transitive (0.x < 100.x < 200.x < 0.x), which Java's
 * List.sort may refuse with an exception, hence the merge sort here, which never does.
 */
final class IpvsadmOrder {
    private IpvsadmOrder() {}

    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    static final Comparator<ServiceKey> SERVICES = IpvsadmOrder::compareServices;

    static final Comparator<RealServerConfig> DESTS = IpvsadmOrder::compareDests;

    /** ipvs_cmp_services: fwmark, family, protocol, address, port. */
    static int compareServices(ServiceKey a, ServiceKey b) {
        int r = (int) a.fwmark() - (int) b.fwmark(); // __u32 - __u32, read as int
        if (r != 0) {
            return r;
        }
        r = af(a.family()) - af(b.family());
        if (r != 0) {
            return r;
        }
        r = a.protocol().number() - b.protocol().number();
        if (r != 0) {
            return r;
        }
        r = compareAddresses(a.family(), a.address(), b.address());
        return r != 0 ? r : a.port() - b.port();
    }

    /** ipvs_cmp_dests: address (as the first one's family), port. */
    static int compareDests(RealServerConfig a, RealServerConfig b) {
        int r = compareAddresses(a.address().family(), a.address(), b.address());
        return r != 0 ? r : a.port() - b.port();
    }

    // An IPv6 address compares word by word until one differs; an IPv4 one by its only word.
    private static int compareAddresses(Family family, Address a, Address b) {
        int[] x = words(a);
        int[] y = words(b);
        if (family != Family.INET6) {
            return x[0] - y[0];
        }
        int r = 0;
        for (int i = 0; r == 0 && i < 4; i++) {
            r = x[i] - y[i];
        }
        return r;
    }

    /** The address as the four host-order words of a union nf_inet_addr (IPv4 in the first). */
    private static int[] words(Address a) {
        if (a.isV4()) {
            return new int[] {a.v4(), 0, 0, 0};
        }
        return new int[] {(int) (a.hi() >>> 32), (int) a.hi(), (int) (a.lo() >>> 32), (int) a.lo()};
    }

    private static int af(Family f) {
        return f == Family.INET6 ? AF_INET6 : AF_INET;
    }

    /** glibc's msort: halves sorted in turn, merged taking the left one unless it compares greater. */
    static <T> List<T> sorted(List<T> items, Comparator<? super T> cmp) {
        if (items.size() <= 1) {
            return new ArrayList<>(items);
        }
        int half = items.size() / 2;
        List<T> left = sorted(items.subList(0, half), cmp);
        List<T> right = sorted(items.subList(half, items.size()), cmp);
        List<T> out = new ArrayList<>(items.size());
        int i = 0;
        int j = 0;
        while (i < left.size() && j < right.size()) {
            out.add(cmp.compare(left.get(i), right.get(j)) <= 0 ? left.get(i++) : right.get(j++));
        }
        out.addAll(left.subList(i, left.size()));
        out.addAll(right.subList(j, right.size()));
        return out;
    }
}
