package io.jlvs.core.packet;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The offload state a frame travels with: Linux's {@code struct virtio_net_hdr} (what AF_PACKET
 * puts in front of a frame with {@code PACKET_VNET_HDR}), packed into one {@code long} so it can
 * ride along the packet path without an object.
 *
 * <p>Two things it says matter to a forwarder. {@link #NEEDS_CSUM}: the TCP/UDP checksum is not
 * computed yet ({@code CHECKSUM_PARTIAL}); the field at {@link #csumStart} + {@link #csumOffset}
 * holds only the pseudo-header sum, and whoever transmits the frame finishes it over the bytes from
 * {@link #csumStart} to the end. A GSO type other than {@link #GSO_NONE}: the frame is a
 * <em>super-frame</em>, one TCP segment of up to 64 KiB that the kernel (or the receiving stack)
 * cuts into segments of {@link #gsoSize} payload bytes. Both come from the sender's TSO/GSO and
 * the director's GRO when a veth's offloads are on, and both are handed on to the kernel unchanged
 * in meaning when the frame is sent (see {@code Offloads} in the worker).
 *
 * <p>Layout of the long: flags (bits 0–7), gso_type (8–15), csum_offset (16–23), gso_size (32–47),
 * csum_start (48–63). hdr_len is not kept: the kernel treats it as a hint and raises it to
 * csum_start + csum_offset + 2 itself ({@code __packet_snd_vnet_parse}), which is what {@link
 * #write} puts there.
 */
public final class Offload {
    /** No offload: a whole frame with its checksums complete (or not to be trusted: DATA_VALID unset). */
    public static final long NONE = 0;

    /** virtio_net_hdr.flags: the L4 checksum is partial (pseudo-header only). */
    public static final int NEEDS_CSUM = 1;
    /** virtio_net_hdr.flags: the receiving side validated the checksum already. */
    public static final int DATA_VALID = 2;

    public static final int GSO_NONE = 0;
    public static final int GSO_TCPV4 = 1;
    public static final int GSO_UDP = 3;
    public static final int GSO_TCPV6 = 4;
    public static final int GSO_UDP_L4 = 5;
    /** Flag bit on gso_type: the sender saw ECN congestion (CWR goes on the first segment only). */
    public static final int GSO_ECN = 0x80;

    /** sizeof(struct virtio_net_hdr). */
    public static final int HEADER_BYTES = 10;

    private static final ValueLayout.OfShort LE16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private Offload() {}

    public static long of(int flags, int gsoType, int gsoSize, int csumStart, int csumOffset) {
        return (flags & 0xFFL)
                | (gsoType & 0xFFL) << 8
                | (csumOffset & 0xFFL) << 16
                | (gsoSize & 0xFFFFL) << 32
                | (csumStart & 0xFFFFL) << 48;
    }

    public static int flags(long offload) {
        return (int) (offload & 0xFF);
    }

    /** gso_type with the {@link #GSO_ECN} bit. */
    public static int gsoType(long offload) {
        return (int) (offload >>> 8) & 0xFF;
    }

    public static int csumOffset(long offload) {
        return (int) (offload >>> 16) & 0xFF;
    }

    public static int gsoSize(long offload) {
        return (int) (offload >>> 32) & 0xFFFF;
    }

    /** Where the checksummed region starts, counted from the Ethernet header. */
    public static int csumStart(long offload) {
        return (int) (offload >>> 48) & 0xFFFF;
    }

    public static boolean needsChecksum(long offload) {
        return (offload & NEEDS_CSUM) != 0;
    }

    /** True for a GSO super-frame: a segment the kernel cuts into {@link #gsoSize} pieces. */
    public static boolean isSuper(long offload) {
        return (gsoType(offload) & ~GSO_ECN) != GSO_NONE;
    }

    /** Decodes the virtio_net_hdr at {@code offset} (little-endian, as on every host jlvs runs on). */
    public static long read(MemorySegment s, long offset) {
        return of(
                Wire.u8(s, offset),
                Wire.u8(s, offset + 1),
                s.get(LE16, offset + 4) & 0xFFFF,
                s.get(LE16, offset + 6) & 0xFFFF,
                s.get(LE16, offset + 8) & 0xFFFF);
    }

    /** Writes {@code offload} as a virtio_net_hdr at {@code offset}. */
    public static void write(MemorySegment s, long offset, long offload) {
        int start = csumStart(offload);
        int csumOffset = csumOffset(offload);
        Wire.putU8(s, offset, flags(offload));
        Wire.putU8(s, offset + 1, gsoType(offload));
        s.set(LE16, offset + 2, (short) (needsChecksum(offload) ? start + csumOffset + 2 : 0));
        s.set(LE16, offset + 4, (short) gsoSize(offload));
        s.set(LE16, offset + 6, (short) start);
        s.set(LE16, offset + 8, (short) csumOffset);
    }

    /** Debugging text; control plane only. */
    public static String toString(long offload) {
        return "Offload{flags=" + flags(offload) + ", gsoType=" + gsoType(offload) + ", gsoSize=" + gsoSize(offload)
                + ", csumStart=" + csumStart(offload) + ", csumOffset=" + csumOffset(offload) + "}";
    }
}
