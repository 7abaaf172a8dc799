package io.jlvs.linux.iface;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.jlvs.core.packet.Wire;
import io.jlvs.linux.libc.Errno;
import io.jlvs.linux.libc.Libc;
import io.jlvs.linux.libc.LinuxException;
import io.jlvs.linux.netlink.NetlinkMessage;
import io.jlvs.linux.netlink.NetlinkSocket;
import io.jlvs.linux.netlink.RtAttribute;
import io.jlvs.linux.netlink.Rtnl;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Interface discovery in the calling thread's network namespace: one interface by name through
 * the classic ioctls (netdevice(7): SIOCGIFINDEX, SIOCGIFHWADDR, SIOCGIFMTU, SIOCGIFFLAGS), all
 * of them through rtnetlink (RTM_GETLINK), and addresses through RTM_GETADDR. Control plane.
 */
public final class Interfaces {
    private static final long SIOCGIFFLAGS = 0x8913;
    private static final long SIOCGIFMTU = 0x8921;
    private static final long SIOCGIFHWADDR = 0x8927;
    private static final long SIOCGIFINDEX = 0x8933;
    /** IFNAMSIZ, including the terminating NUL. */
    private static final int IFNAMSIZ = 16;
    /** sizeof(struct ifreq). */
    private static final int IFREQ_SIZE = 40;

    private static final int ARPHRD_ETHER = 1;

    private Interfaces() {}

    /** The index of {@code name}; "interface NAME not found" when there is none. */
    public static int index(String name) {
        return Libc.interfaceIndex(name);
    }

    /** The MTU of {@code name}. */
    public static int mtu(String name) {
        try (Ioctl io = new Ioctl(name)) {
            return io.call(SIOCGIFMTU, "SIOCGIFMTU").get(JAVA_INT, IFNAMSIZ);
        }
    }

    /** One interface with its addresses. */
    public static NetInterface byName(String name) {
        int index;
        long mac = 0;
        int mtu;
        int flags;
        try (Ioctl io = new Ioctl(name)) {
            index = io.call(SIOCGIFINDEX, "SIOCGIFINDEX").get(JAVA_INT, IFNAMSIZ);
            mtu = io.call(SIOCGIFMTU, "SIOCGIFMTU").get(JAVA_INT, IFNAMSIZ);
            flags = io.call(SIOCGIFFLAGS, "SIOCGIFFLAGS").get(JAVA_SHORT, IFNAMSIZ) & 0xFFFF;
            MemorySegment hw = io.call(SIOCGIFHWADDR, "SIOCGIFHWADDR");
            // ifr_hwaddr is a struct sockaddr: sa_family (ARPHRD_*) then the address bytes.
            if ((hw.get(JAVA_SHORT, IFNAMSIZ) & 0xFFFF) == ARPHRD_ETHER) {
                mac = Wire.mac(hw, IFNAMSIZ + 2);
            }
        }
        List<IfAddress> addrs = addresses().getOrDefault(index, List.of());
        return new NetInterface(index, name, mac, mtu, flags, addrs);
    }

    /** One interface by name, or empty when it does not exist. */
    public static Optional<NetInterface> find(String name) {
        try {
            return Optional.of(byName(name));
        } catch (LinuxException e) {
            if (e.errno() == Errno.ENODEV) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every interface in the namespace, by index, with its addresses. */
    public static List<NetInterface> all() {
        try (NetlinkSocket nl = NetlinkSocket.open()) {
            for (int attempt = 0; ; attempt++) {
                List<NetInterface> links = new ArrayList<>();
                boolean ok = nl.dump(Rtnl.RTM_GETLINK, Libc.AF_UNSPEC, Rtnl.IFINFOMSG_SIZE, m -> {
                    NetInterface i = parseLink(m);
                    if (i != null) {
                        links.add(i);
                    }
                    return i != null;
                });
                if (!ok && attempt < 3) {
                    continue; // interrupted by a concurrent change: dump again
                }
                Map<Integer, List<IfAddress>> addrs = addresses(nl);
                List<NetInterface> out = new ArrayList<>(links.size());
                for (NetInterface i : links) {
                    out.add(i.withAddresses(addrs.getOrDefault(i.index(), List.of())));
                }
                out.sort(Comparator.comparingInt(NetInterface::index));
                return List.copyOf(out);
            }
        }
    }

    /** All addresses in the namespace, by interface index. */
    public static Map<Integer, List<IfAddress>> addresses() {
        try (NetlinkSocket nl = NetlinkSocket.open()) {
            return addresses(nl);
        }
    }

    private static Map<Integer, List<IfAddress>> addresses(NetlinkSocket nl) {
        for (int attempt = 0; ; attempt++) {
            Map<Integer, List<IfAddress>> byIndex = new HashMap<>();
            int[] index = new int[1];
            boolean ok = nl.dump(Rtnl.RTM_GETADDR, Libc.AF_UNSPEC, Rtnl.IFADDRMSG_SIZE, m -> {
                IfAddress a = parseAddress(m, index);
                if (a != null) {
                    byIndex.computeIfAbsent(index[0], k -> new ArrayList<>()).add(a);
                }
                return a != null;
            });
            if (ok || attempt >= 3) {
                Map<Integer, List<IfAddress>> out = new HashMap<>();
                byIndex.forEach((k, v) -> out.put(k, List.copyOf(v)));
                return out;
            }
        }
    }

    /**
     * Reads an RTM_NEWLINK message: struct ifinfomsg (family, pad, type, index, flags, change)
     * and IFLA_IFNAME, IFLA_MTU, IFLA_ADDRESS. Null when it is malformed or has no name.
     */
    public static NetInterface parseLink(NetlinkMessage m) {
        if (m.type() != Rtnl.RTM_NEWLINK || m.payloadLength() < Rtnl.IFINFOMSG_SIZE) {
            return null;
        }
        MemorySegment s = m.segment();
        long p = m.payloadOffset();
        int index = s.get(JAVA_INT_UNALIGNED, p + 4);
        int flags = s.get(JAVA_INT_UNALIGNED, p + 8);
        String name = null;
        long mac = 0;
        int mtu = 0;
        RtAttribute a = new RtAttribute();
        for (boolean more = a.first(s, p + Rtnl.IFINFOMSG_SIZE, m.end()); more; more = a.next()) {
            switch (a.type()) {
                case Rtnl.IFLA_IFNAME -> name = a.string();
                case Rtnl.IFLA_MTU -> mtu = a.u32(0);
                case Rtnl.IFLA_ADDRESS -> mac = Math.max(0, a.mac());
                default -> {}
            }
        }
        if (a.malformed() || name == null) {
            return null;
        }
        return new NetInterface(index, name, mac, mtu, flags, List.of());
    }

    /**
     * Reads an RTM_NEWADDR message: struct ifaddrmsg (family, prefixlen, flags, scope, index),
     * then IFA_LOCAL — the interface's own address — or, where there is none (IPv6), IFA_ADDRESS.
     * Writes the interface index to {@code indexOut[0]}; null when malformed.
     */
    public static IfAddress parseAddress(NetlinkMessage m, int[] indexOut) {
        if (m.type() != Rtnl.RTM_NEWADDR || m.payloadLength() < Rtnl.IFADDRMSG_SIZE) {
            return null;
        }
        MemorySegment s = m.segment();
        long p = m.payloadOffset();
        int prefix = s.get(JAVA_BYTE, p + 1) & 0xFF;
        int scope = s.get(JAVA_BYTE, p + 3) & 0xFF;
        indexOut[0] = s.get(JAVA_INT_UNALIGNED, p + 4);
        long[] local = null;
        long[] address = null;
        RtAttribute a = new RtAttribute();
        for (boolean more = a.first(s, p + Rtnl.IFADDRMSG_SIZE, m.end()); more; more = a.next()) {
            if (a.type() == Rtnl.IFA_LOCAL || a.type() == Rtnl.IFA_ADDRESS) {
                long[] v = new long[2];
                if (!a.address(v)) {
                    return null;
                }
                if (a.type() == Rtnl.IFA_LOCAL) {
                    local = v;
                } else {
                    address = v;
                }
            }
        }
        long[] v = local != null ? local : address;
        if (a.malformed() || v == null) {
            return null;
        }
        return new IfAddress(v[0], v[1], prefix, scope);
    }

    /** An AF_INET datagram socket and a struct ifreq naming one interface, for the SIOCGIF* calls. */
    private static final class Ioctl implements AutoCloseable {
        private final String name;
        private final Arena arena = Arena.ofConfined();
        private final MemorySegment req = arena.allocate(IFREQ_SIZE, 8);
        private final MemorySegment cs = Libc.allocateCallState(arena);
        private final int fd;

        Ioctl(String name) {
            byte[] b = name.getBytes(StandardCharsets.UTF_8);
            if (b.length == 0 || b.length >= IFNAMSIZ) {
                arena.close();
                throw new LinuxException(
                        "interface " + name + " not found (names are 1.." + (IFNAMSIZ - 1) + " bytes)", Errno.ENODEV);
            }
            this.name = name;
            this.fd = Libc.openSocket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0, "AF_INET");
            MemorySegment.copy(b, 0, req, JAVA_BYTE, 0, b.length);
        }

        MemorySegment call(long request, String what) {
            if (Libc.ioctl(cs, fd, request, req) != 0) {
                int errno = Libc.errno(cs);
                if (errno == Errno.ENODEV) {
                    throw LinuxException.noSuchInterface(name, errno);
                }
                throw LinuxException.failed(what + " on " + name, errno);
            }
            return req;
        }

        @Override
        public void close() {
            Libc.closeQuietly(fd);
            arena.close();
        }
    }
}
