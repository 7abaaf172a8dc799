package io.jlvs.core.packet;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an Ethernet II header and up to two VLAN tags (802.1Q, or 802.1ad QinQ).
 *
 * <p>{@link #wrap} only remembers where the frame is; {@link #decode} walks the tags, bounds-checked
 * against the frame length, and fixes {@link #etherType()} and {@link #l3Offset()}. Accessors of the
 * fixed header may be used once the frame is known to hold {@link #HEADER_LENGTH} bytes.
 */
public final class EthernetFrame {
    /** Destination MAC, source MAC, EtherType. */
    public static final int HEADER_LENGTH = 14;
    /** Bytes one VLAN tag adds (TPID + TCI). */
    public static final int VLAN_TAG_LENGTH = 4;
    /** Tags walked before a frame is refused: QinQ is the deepest stacking a director meets. */
    public static final int MAX_VLAN_TAGS = 2;

    private static final int DST = 0;
    private static final int SRC = 6;
    private static final int TYPE = 12;

    private MemorySegment segment;
    private long offset;
    private int length;
    private int tagCount;
    private int etherType;
    private long l3Offset;

    /** Points this flyweight at a frame of {@code length} bytes starting at {@code offset}. */
    public EthernetFrame wrap(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.offset = offset;
        this.length = length;
        this.tagCount = 0;
        this.etherType = -1;
        this.l3Offset = -1;
        return this;
    }

    /** Points this flyweight at a frame that runs to the end of {@code segment}. */
    public EthernetFrame wrap(MemorySegment segment, long offset) {
        return wrap(segment, offset, (int) Math.min(Integer.MAX_VALUE, segment.byteSize() - offset));
    }

    /**
     * Walks the VLAN tags. Returns {@link ParseResult#OK}, {@link ParseResult#TRUNCATED_ETHERNET} or
     * {@link ParseResult#TOO_MANY_VLAN_TAGS}; never reads past the frame.
     */
    public int decode() {
        if (length < HEADER_LENGTH || offset < 0 || offset + length > segment.byteSize()) {
            return ParseResult.TRUNCATED_ETHERNET;
        }
        long end = offset + length;
        long typeAt = offset + TYPE;
        int type = Wire.u16(segment, typeAt);
        int tags = 0;
        while (EtherType.isVlanTag(type)) {
            if (tags == MAX_VLAN_TAGS) {
                return ParseResult.TOO_MANY_VLAN_TAGS;
            }
            // The tag is TPID(2) at typeAt, TCI(2), then the next type field(2).
            if (typeAt + 6 > end) {
                return ParseResult.TRUNCATED_ETHERNET;
            }
            typeAt += VLAN_TAG_LENGTH;
            type = Wire.u16(segment, typeAt);
            tags++;
        }
        tagCount = tags;
        etherType = type;
        l3Offset = typeAt + 2;
        return ParseResult.OK;
    }

    public MemorySegment segment() {
        return segment;
    }

    public long offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public long dst() {
        return Wire.mac(segment, offset + DST);
    }

    public EthernetFrame dst(long mac) {
        Wire.putMac(segment, offset + DST, mac);
        return this;
    }

    public long src() {
        return Wire.mac(segment, offset + SRC);
    }

    public EthernetFrame src(long mac) {
        Wire.putMac(segment, offset + SRC, mac);
        return this;
    }

    /** The type field right after the MACs: a TPID when the frame is tagged. */
    public int outerEtherType() {
        return Wire.u16(segment, offset + TYPE);
    }

    public EthernetFrame outerEtherType(int type) {
        Wire.putU16(segment, offset + TYPE, type);
        return this;
    }

    /** The EtherType after the tags; valid after a successful {@link #decode}. */
    public int etherType() {
        return etherType;
    }

    /** Offset of the network-layer header; valid after a successful {@link #decode}. */
    public long l3Offset() {
        return l3Offset;
    }

    /** VLAN tags found by {@link #decode}. */
    public int tagCount() {
        return tagCount;
    }

    /** Tag protocol identifier of tag {@code i} (0 is the outermost). */
    public int tagProtocol(int i) {
        return Wire.u16(segment, offset + TYPE + (long) i * VLAN_TAG_LENGTH);
    }

    /** Tag control information (PCP, DEI, VID) of tag {@code i}. */
    public int tci(int i) {
        return Wire.u16(segment, offset + TYPE + 2 + (long) i * VLAN_TAG_LENGTH);
    }

    /** The 12-bit VLAN identifier of tag {@code i}. */
    public int vlanId(int i) {
        return tci(i) & 0x0FFF;
    }

    public EthernetFrame tci(int i, int tci) {
        Wire.putU16(segment, offset + TYPE + 2 + (long) i * VLAN_TAG_LENGTH, tci);
        return this;
    }

    /** Swaps source and destination MAC: the first step of answering a frame in place. */
    public EthernetFrame swapMacs() {
        long d = dst();
        dst(src());
        src(d);
        return this;
    }
}
