package io.jlvs.core.packet;

import java.lang.foreign.MemorySegment;

/**
 * Flyweight over an Ethernet/IPv4 ARP packet (RFC 826). jlvs answers ARP for the VIPs and local
 * addresses it owns (DESIGN §3.9), so the director's kernel, which does not have them, stays silent.
 */
public final class ArpPacket {
    /** Ethernet/IPv4 ARP body length. */
    public static final int LENGTH = 28;

    public static final int HTYPE_ETHERNET = 1;
    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;

    private static final int HTYPE = 0;
    private static final int PTYPE = 2;
    private static final int HLEN = 4;
    private static final int PLEN = 5;
    private static final int OP = 6;
    private static final int SHA = 8;
    private static final int SPA = 14;
    private static final int THA = 18;
    private static final int TPA = 24;

    private MemorySegment segment;
    private long offset;

    public ArpPacket wrap(MemorySegment segment, long offset) {
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

    /** True when the fixed part says Ethernet hardware, IPv4 protocol, lengths 6 and 4. */
    public boolean isEthernetIpv4() {
        return hardwareType() == HTYPE_ETHERNET
                && protocolType() == EtherType.IPV4
                && Wire.u8(segment, offset + HLEN) == 6
                && Wire.u8(segment, offset + PLEN) == 4;
    }

    public int hardwareType() {
        return Wire.u16(segment, offset + HTYPE);
    }

    public int protocolType() {
        return Wire.u16(segment, offset + PTYPE);
    }

    public int operation() {
        return Wire.u16(segment, offset + OP);
    }

    public ArpPacket operation(int op) {
        Wire.putU16(segment, offset + OP, op);
        return this;
    }

    public long senderMac() {
        return Wire.mac(segment, offset + SHA);
    }

    public ArpPacket senderMac(long mac) {
        Wire.putMac(segment, offset + SHA, mac);
        return this;
    }

    /** Sender protocol address as a big-endian int. */
    public int senderIp() {
        return Wire.i32(segment, offset + SPA);
    }

    public ArpPacket senderIp(int ip) {
        Wire.putI32(segment, offset + SPA, ip);
        return this;
    }

    public long targetMac() {
        return Wire.mac(segment, offset + THA);
    }

    public ArpPacket targetMac(long mac) {
        Wire.putMac(segment, offset + THA, mac);
        return this;
    }

    public int targetIp() {
        return Wire.i32(segment, offset + TPA);
    }

    public ArpPacket targetIp(int ip) {
        Wire.putI32(segment, offset + TPA, ip);
        return this;
    }

    /** Writes the whole fixed Ethernet/IPv4 body. */
    public ArpPacket write(int op, long senderMac, int senderIp, long targetMac, int targetIp) {
        Wire.putU16(segment, offset + HTYPE, HTYPE_ETHERNET);
        Wire.putU16(segment, offset + PTYPE, EtherType.IPV4);
        Wire.putU8(segment, offset + HLEN, 6);
        Wire.putU8(segment, offset + PLEN, 4);
        operation(op);
        senderMac(senderMac);
        senderIp(senderIp);
        targetMac(targetMac);
        return targetIp(targetIp);
    }

    /**
     * Turns a request for an address we own into the reply, in place (RFC 826 "swap hardware and
     * protocol fields ... put the local hardware and protocol addresses in the sender fields"): the
     * asker becomes the target and {@code ourMac} answers for the address that was asked for. The
     * Ethernet header is the caller's: its destination becomes the asker's MAC, its source ours.
     */
    public ArpPacket toReply(long ourMac) {
        long askerMac = senderMac();
        int askerIp = senderIp();
        int wantedIp = targetIp();
        operation(OP_REPLY);
        senderMac(ourMac);
        senderIp(wantedIp);
        targetMac(askerMac);
        return targetIp(askerIp);
    }

    /**
     * True for gratuitous ARP (RFC 5227 §3, announcement): sender and target protocol addresses are
     * equal. A director must not answer one, only learn from it.
     */
    public boolean isGratuitous() {
        return senderIp() == targetIp();
    }
}
