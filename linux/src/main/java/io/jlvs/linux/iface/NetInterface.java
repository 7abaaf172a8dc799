package io.jlvs.linux.iface;

import io.jlvs.core.packet.MacAddr;
import io.jlvs.core.packet.Wire;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A network interface as the kernel reports it at one moment.
 *
 * @param mac the hardware address, first octet most significant; 0 for devices without one
 * @param flags IFF_* flags (netdevice(7))
 */
public record NetInterface(int index, String name, long mac, int mtu, int flags, List<IfAddress> addresses) {
    public static final int IFF_UP = 0x1;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_LOWER_UP = 0x10000;

    public NetInterface {
        addresses = List.copyOf(addresses);
    }

    /** Administratively up ({@code ip link set ... up}). */
    public boolean up() {
        return (flags & IFF_UP) != 0;
    }

    /** Up and with carrier: frames can flow (RFC 2863 operational "up"). */
    public boolean running() {
        return (flags & IFF_RUNNING) != 0;
    }

    public boolean loopback() {
        return (flags & IFF_LOOPBACK) != 0;
    }

    /** The MAC as six big-endian bytes, the order an Ethernet header carries it. */
    public byte[] macBytes() {
        byte[] b = new byte[6];
        Wire.putMac(MemorySegment.ofArray(b), 0, mac);
        return b;
    }

    /** {@code 02:00:5e:10:00:01}, as {@code ip link} prints it. */
    public String macString() {
        return MacAddr.format(mac);
    }

    public NetInterface withAddresses(List<IfAddress> addrs) {
        return new NetInterface(index, name, mac, mtu, flags, addrs);
    }
}
