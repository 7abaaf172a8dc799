package io.jlvs.core.clientaddr;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * The TOA TCP option ("TCP option address") of alibaba/LVS and DPVS: the client's port and address
 * in an option of the segment that completes the handshake, read on the real server by the {@code
 * toa} kernel module, which makes {@code getpeername} return the client instead of the director's
 * local address.
 *
 * <p>IPv4: kind {@value #KIND}, length 8: port (2 bytes), address (4). IPv6: length 20, port and the
 * 16-byte address, under kind 253 as alibaba's IPv6 toa module reads it or under kind 254 as DPVS's
 * does (the service's choice, {@link io.jlvs.core.service.ClientAddressSpec#toaIpv6Kind}). Port and
 * address in network order.
 */
public final class Toa {
    /** Option kind of the IPv4 form. */
    public static final int KIND = 254;

    public static final int LENGTH_V4 = 8;
    public static final int LENGTH_V6 = 20;

    private Toa() {}

    /** The option's length for a client address (hi, lo). */
    public static int length(long hi, long lo) {
        return InetAddr.isV4(hi, lo) ? LENGTH_V4 : LENGTH_V6;
    }

    /**
     * Writes the option for client (hi, lo):port at {@code offset}; returns its length. An IPv6 option is
     * of kind {@code ipv6Kind}.
     */
    public static int write(MemorySegment s, long offset, int ipv6Kind, long hi, long lo, int port) {
        if (InetAddr.isV4(hi, lo)) {
            Wire.putU8(s, offset, KIND);
            Wire.putU8(s, offset + 1, LENGTH_V4);
            Wire.putU16(s, offset + 2, port);
            Wire.putI32(s, offset + 4, InetAddr.v4(lo));
            return LENGTH_V4;
        }
        Wire.putU8(s, offset, ipv6Kind);
        Wire.putU8(s, offset + 1, LENGTH_V6);
        Wire.putU16(s, offset + 2, port);
        Wire.putI64(s, offset + 4, hi);
        Wire.putI64(s, offset + 12, lo);
        return LENGTH_V6;
    }
}
