package io.jlvs.core.worker;

import io.jlvs.core.net.InetAddr;
import java.util.List;

/**
 * The interfaces jlvsd serves, as the data plane needs them: by kernel interface index, the MAC
 * frames leave with, the MTU, and the director kernel's own address on it (the sender address of
 * ARP/NDP probes and the outer source of IPIP, as the kernel would choose). Immutable; indexed
 * by array so lookups on the packet path are one load.
 */
public final class DirectorInterfaces {
    /**
     * One served interface. {@code (v4Hi, v4Lo)} and {@code (v6Hi, v6Lo)} are the kernel's IPv4 and
     * IPv6 address on it in {@link InetAddr} form, or (0, 0) — {@code ::}, never an interface's
     * address — when it has none of that family.
     */
    public record Iface(int index, String name, long mac, int mtu, long v4Hi, long v4Lo, long v6Hi, long v6Lo) {}

    private final List<Iface> list;
    private final boolean[] served;
    private final long[] mac;
    private final int[] mtu;
    private final int[] v4;
    private final boolean[] hasV4;
    private final long[] v6Hi;
    private final long[] v6Lo;
    private final boolean[] hasV6;

    public DirectorInterfaces(List<Iface> ifaces) {
        list = List.copyOf(ifaces);
        int max = 0;
        for (Iface i : list) {
            if (i.index() <= 0) {
                throw new IllegalArgumentException("interface index must be positive: " + i);
            }
            max = Math.max(max, i.index());
        }
        served = new boolean[max + 1];
        mac = new long[max + 1];
        mtu = new int[max + 1];
        v4 = new int[max + 1];
        hasV4 = new boolean[max + 1];
        v6Hi = new long[max + 1];
        v6Lo = new long[max + 1];
        hasV6 = new boolean[max + 1];
        for (Iface i : list) {
            int x = i.index();
            served[x] = true;
            mac[x] = i.mac();
            mtu[x] = i.mtu();
            if ((i.v4Hi() | i.v4Lo()) != 0) {
                if (!InetAddr.isV4(i.v4Hi(), i.v4Lo())) {
                    throw new IllegalArgumentException("not an IPv4 address: " + i);
                }
                v4[x] = InetAddr.v4(i.v4Lo());
                hasV4[x] = true;
            }
            if ((i.v6Hi() | i.v6Lo()) != 0) {
                if (InetAddr.isV4(i.v6Hi(), i.v6Lo())) {
                    throw new IllegalArgumentException("not an IPv6 address: " + i);
                }
                v6Hi[x] = i.v6Hi();
                v6Lo[x] = i.v6Lo();
                hasV6[x] = true;
            }
        }
    }

    public static DirectorInterfaces none() {
        return new DirectorInterfaces(List.of());
    }

    public boolean serves(int ifIndex) {
        return ifIndex > 0 && ifIndex < served.length && served[ifIndex];
    }

    public long mac(int ifIndex) {
        return mac[ifIndex];
    }

    public int mtu(int ifIndex) {
        return mtu[ifIndex];
    }

    public boolean hasV4(int ifIndex) {
        return hasV4[ifIndex];
    }

    /** The kernel's IPv4 address on the interface, big-endian int. */
    public int v4(int ifIndex) {
        return v4[ifIndex];
    }

    public boolean hasV6(int ifIndex) {
        return hasV6[ifIndex];
    }

    public long v6Hi(int ifIndex) {
        return v6Hi[ifIndex];
    }

    public long v6Lo(int ifIndex) {
        return v6Lo[ifIndex];
    }

    public List<Iface> list() {
        return list;
    }
}
