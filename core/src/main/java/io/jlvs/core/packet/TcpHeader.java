package io.jlvs.core.packet;

import io.jlvs.core.checksum.IncrementalChecksum;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over a TCP header (RFC 9293 §3.1). {@code rewrite…} setters update the TCP checksum
 * incrementally (RFC 1624) for the field they change; a change of IP address in the pseudo-header is
 * the caller's (see {@link PacketRewriter}).
 */
public final class TcpHeader {
    /** A header without options. */
    public static final int MIN_LENGTH = 20;
    /** Data offset is four bits of 32-bit words. */
    public static final int MAX_LENGTH = 60;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    static final int SRC_PORT = 0;
    static final int DST_PORT = 2;
    static final int SEQ = 4;
    static final int ACK_NUMBER = 8;
    static final int DATA_OFFSET = 12;
    static final int FLAGS = 13;
    static final int WINDOW = 14;
    static final int CHECKSUM = 16;
    static final int URGENT = 18;

    private MemorySegment segment;
    private long offset;

    public TcpHeader wrap(MemorySegment segment, long offset) {
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

    public TcpHeader srcPort(int port) {
        Wire.putU16(segment, offset + SRC_PORT, port);
        return this;
    }

    public int dstPort() {
        return Wire.u16(segment, offset + DST_PORT);
    }

    public TcpHeader dstPort(int port) {
        Wire.putU16(segment, offset + DST_PORT, port);
        return this;
    }

    public int seq() {
        return Wire.i32(segment, offset + SEQ);
    }

    public TcpHeader seq(int seq) {
        Wire.putI32(segment, offset + SEQ, seq);
        return this;
    }

    public int ack() {
        return Wire.i32(segment, offset + ACK_NUMBER);
    }

    public TcpHeader ack(int ack) {
        Wire.putI32(segment, offset + ACK_NUMBER, ack);
        return this;
    }

    /** Data offset in 32-bit words. */
    public int dataOffset() {
        return Wire.u8(segment, offset + DATA_OFFSET) >>> 4;
    }

    /** Header length in bytes, options included. */
    public int headerLength() {
        return dataOffset() * 4;
    }

    /** Sets the header length in bytes (a multiple of 4, 20..60), keeping the reserved bits zero. */
    public TcpHeader headerLength(int length) {
        Wire.putU8(segment, offset + DATA_OFFSET, (length >>> 2) << 4);
        return this;
    }

    /** The eight flag bits CWR..FIN. */
    public int flags() {
        return Wire.u8(segment, offset + FLAGS);
    }

    public TcpHeader flags(int flags) {
        Wire.putU8(segment, offset + FLAGS, flags);
        return this;
    }

    public boolean hasFlags(int mask) {
        return (flags() & mask) == mask;
    }

    public int window() {
        return Wire.u16(segment, offset + WINDOW);
    }

    public TcpHeader window(int window) {
        Wire.putU16(segment, offset + WINDOW, window);
        return this;
    }

    public int checksum() {
        return Wire.u16(segment, offset + CHECKSUM);
    }

    public TcpHeader checksum(int checksum) {
        Wire.putU16(segment, offset + CHECKSUM, checksum);
        return this;
    }

    public int urgentPointer() {
        return Wire.u16(segment, offset + URGENT);
    }

    public TcpHeader urgentPointer(int pointer) {
        Wire.putU16(segment, offset + URGENT, pointer);
        return this;
    }

    public long optionsOffset() {
        return offset + MIN_LENGTH;
    }

    public int optionsLength() {
        return headerLength() - MIN_LENGTH;
    }

    public TcpHeader rewriteSrcPort(int port) {
        int old = srcPort();
        srcPort(port);
        return checksum(IncrementalChecksum.update16(checksum(), old, port));
    }

    public TcpHeader rewriteDstPort(int port) {
        int old = dstPort();
        dstPort(port);
        return checksum(IncrementalChecksum.update16(checksum(), old, port));
    }

    /** Changes the sequence number: FULLNAT's per-connection delta, SYNPROXY's cookie shift. */
    public TcpHeader rewriteSeq(int seq) {
        int old = seq();
        seq(seq);
        return checksum(IncrementalChecksum.update32(checksum(), old, seq));
    }

    public TcpHeader rewriteAck(int ack) {
        int old = ack();
        ack(ack);
        return checksum(IncrementalChecksum.update32(checksum(), old, ack));
    }

    /** Replaces the flags byte, which shares a checksum word with the data offset. */
    public TcpHeader rewriteFlags(int flags) {
        int oldWord = Wire.u16(segment, offset + DATA_OFFSET);
        flags(flags);
        return checksum(IncrementalChecksum.update16(checksum(), oldWord, Wire.u16(segment, offset + DATA_OFFSET)));
    }

    public TcpHeader rewriteWindow(int window) {
        int old = window();
        window(window);
        return checksum(IncrementalChecksum.update16(checksum(), old, window));
    }

    /** Writes the fixed header; checksum and urgent pointer 0. */
    public TcpHeader write(int srcPort, int dstPort, int seq, int ack, int headerLength, int flags, int window) {
        srcPort(srcPort);
        dstPort(dstPort);
        seq(seq);
        ack(ack);
        headerLength(headerLength);
        flags(flags);
        window(window);
        checksum(0);
        return urgentPointer(0);
    }
}
