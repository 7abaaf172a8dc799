package io.jlvs.core.packet;

import io.jlvs.core.checksum.UdpChecksum;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a UDP header (RFC 768). Port rewrites follow {@link UdpChecksum}: a packet sent
 * without a checksum (0, IPv4 only) keeps none.
 */
public final class UdpHeader {
    public static final int LENGTH = 8;

    private static final int SRC_PORT = 0;
    private static final int DST_PORT = 2;
    private static final int UDP_LENGTH = 4;
    private static final int CHECKSUM = 6;

    private MemorySegment segment;
    private long offset;

    public UdpHeader wrap(MemorySegment segment, long offset) {
        this.segment = segment;
        this.offset = offset;
        return this;
    }

    public MemorySegment segment() {
        return segment;
    }

    public long offset() {
        return offset;
    }

    public int srcPort() {
        return Wire.u16(segment, offset + SRC_PORT);
    }

    public UdpHeader srcPort(int port) {
        Wire.putU16(segment, offset + SRC_PORT, port);
        return this;
    }

    public int dstPort() {
        return Wire.u16(segment, offset + DST_PORT);
    }

    public UdpHeader dstPort(int port) {
        Wire.putU16(segment, offset + DST_PORT, port);
        return this;
    }

    /** Header plus data, in bytes. */
    public int length() {
        return Wire.u16(segment, offset + UDP_LENGTH);
    }

    public UdpHeader length(int length) {
        Wire.putU16(segment, offset + UDP_LENGTH, length);
        return this;
    }

    public int checksum() {
        return Wire.u16(segment, offset + CHECKSUM);
    }

    public UdpHeader checksum(int checksum) {
        Wire.putU16(segment, offset + CHECKSUM, checksum);
        return this;
    }

    /** True when the sender computed no checksum (meaningful over IPv4 only). */
    public boolean hasNoChecksum() {
        return checksum() == UdpChecksum.NONE;
    }

    public UdpHeader rewriteSrcPort(int port) {
        int old = srcPort();
        srcPort(port);
        return checksum(UdpChecksum.update16(checksum(), old, port));
    }

    public UdpHeader rewriteDstPort(int port) {
        int old = dstPort();
        dstPort(port);
        return checksum(UdpChecksum.update16(checksum(), old, port));
    }

    /** Writes the header with checksum 0. */
    public UdpHeader write(int srcPort, int dstPort, int length) {
        srcPort(srcPort);
        dstPort(dstPort);
        length(length);
        return checksum(0);
    }
}
