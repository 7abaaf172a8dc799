package io.jlvs.core.testframes;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A test frame described field by field and encoded to bytes by hand, independently of the main
 * codecs and {@code FrameWriter}: the input side of parser tests. Public mutable fields, defaults for
 * a plain IPv4/TCP frame; set what a test cares about and call {@link #encode()}.
 */
public final class RefFrame {
    public static final int ETH_IPV4 = 0x0800;
    public static final int ETH_IPV6 = 0x86DD;
    public static final int ETH_ARP = 0x0806;

    public long dstMac = 0x02_00_00_00_00_01L;
    public long srcMac = 0x02_00_00_00_00_02L;
    /** VLAN tags outermost first, each {tpid, tci}. */
    public final List<int[]> vlans = new ArrayList<>();
    /** Overrides the EtherType (after tags); 0 = from {@link #ipVersion}. */
    public int etherType;

    /** 4, 6, or 0 for ARP. */
    public int ipVersion = 4;

    public byte[] src = {10, 0, 0, 1};
    public byte[] dst = {10, 0, 0, 2};
    public int ttl = 64;
    public int tos;
    public int ipId = 0x1234;
    /** IPv4 flags and fragment offset word as on the wire. */
    public int fragmentWord = 0x4000;

    public byte[] ipv4Options = new byte[0];
    public boolean corruptIpChecksum;
    /** IPv6 extension headers in order, each {type, body-without-next-header-byte}. */
    public final List<Object[]> v6Extensions = new ArrayList<>();

    /** 6, 17, 1, 58 or anything else (then {@link #payload} is the whole L4). */
    public int protocol = 6;

    public int srcPort = 40000;
    public int dstPort = 80;
    public int seq = 1000;
    public int ack = 2000;
    public int tcpFlags = 0x10;
    public int window = 65535;
    /** TCP options, padded by the encoder with zeros to 32 bits. */
    public byte[] tcpOptions = new byte[0];
    /** Overrides the TCP data offset in words; 0 = computed. */
    public int tcpDataOffsetOverride;

    public boolean udpNoChecksum;
    /** Overrides the UDP length field; 0 = computed. */
    public int udpLengthOverride;

    public int icmpType = 8;
    public int icmpCode;
    public int icmpRest;

    public int arpOp = 1;
    public long arpSenderMac = 0x02_00_00_00_00_02L;
    public byte[] arpSenderIp = {10, 0, 0, 1};
    public long arpTargetMac;
    public byte[] arpTargetIp = {10, 0, 0, 2};

    public byte[] payload = new byte[0];
    /** Bytes appended after the IP datagram (Ethernet padding). */
    public int trailingPadding;

    public RefFrame v6(String src, String dst) {
        ipVersion = 6;
        this.src = addr(src);
        this.dst = addr(dst);
        return this;
    }

    public static byte[] addr(String text) {
        try {
            return java.net.InetAddress.getByName(text).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public byte[] encode() {
        byte[] l4 = encodeL4();
        byte[] l3;
        int type;
        if (ipVersion == 4) {
            l3 = encodeIpv4(l4);
            type = ETH_IPV4;
        } else if (ipVersion == 6) {
            l3 = encodeIpv6(l4);
            type = ETH_IPV6;
        } else {
            l3 = encodeArp();
            type = ETH_ARP;
        }
        if (etherType != 0) {
            type = etherType;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Bytes.mac(dstMac));
        out.writeBytes(Bytes.mac(srcMac));
        for (int[] tag : vlans) {
            write16(out, tag[0]);
            write16(out, tag[1]);
        }
        write16(out, type);
        out.writeBytes(l3);
        out.writeBytes(new byte[trailingPadding]);
        return out.toByteArray();
    }

    private byte[] encodeArp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write16(out, 1);
        write16(out, 0x0800);
        out.write(6);
        out.write(4);
        write16(out, arpOp);
        out.writeBytes(Bytes.mac(arpSenderMac));
        out.writeBytes(arpSenderIp);
        out.writeBytes(Bytes.mac(arpTargetMac));
        out.writeBytes(arpTargetIp);
        return out.toByteArray();
    }

    private byte[] encodeIpv4(byte[] l4) {
        int headerLength = 20 + ipv4Options.length;
        byte[] h = new byte[headerLength];
        h[0] = (byte) (0x40 | (headerLength / 4));
        h[1] = (byte) tos;
        Bytes.put16(h, 2, headerLength + l4.length);
        Bytes.put16(h, 4, ipId);
        Bytes.put16(h, 6, fragmentWord);
        h[8] = (byte) ttl;
        h[9] = (byte) protocol;
        System.arraycopy(src, 0, h, 12, 4);
        System.arraycopy(dst, 0, h, 16, 4);
        System.arraycopy(ipv4Options, 0, h, 20, ipv4Options.length);
        int check = RefChecksum.checksum(h);
        Bytes.put16(h, 10, corruptIpChecksum ? check ^ 0x0101 : check);
        return Bytes.concat(h, l4);
    }

    private byte[] encodeIpv6(byte[] l4) {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        int first = v6Extensions.isEmpty() ? protocol : (Integer) v6Extensions.get(0)[0];
        for (int i = 0; i < v6Extensions.size(); i++) {
            int next = i + 1 < v6Extensions.size() ? (Integer) v6Extensions.get(i + 1)[0] : protocol;
            ext.write(next);
            ext.writeBytes((byte[]) v6Extensions.get(i)[1]);
        }
        byte[] extensions = ext.toByteArray();
        byte[] h = new byte[40];
        Bytes.put32(h, 0, (6 << 28) | (tos << 20));
        Bytes.put16(h, 4, extensions.length + l4.length);
        h[6] = (byte) first;
        h[7] = (byte) ttl;
        System.arraycopy(src, 0, h, 8, 16);
        System.arraycopy(dst, 0, h, 24, 16);
        return Bytes.concat(h, extensions, l4);
    }

    private byte[] pseudo(int length) {
        return ipVersion == 4
                ? RefChecksum.pseudoV4(src, dst, protocol, length)
                : RefChecksum.pseudoV6(src, dst, protocol, length);
    }

    private byte[] encodeL4() {
        switch (protocol) {
            case 6 -> {
                int optLength = (tcpOptions.length + 3) & ~3;
                byte[] h = new byte[20 + optLength];
                Bytes.put16(h, 0, srcPort);
                Bytes.put16(h, 2, dstPort);
                Bytes.put32(h, 4, seq);
                Bytes.put32(h, 8, ack);
                int dataOffset = tcpDataOffsetOverride != 0 ? tcpDataOffsetOverride : h.length / 4;
                h[12] = (byte) (dataOffset << 4);
                h[13] = (byte) tcpFlags;
                Bytes.put16(h, 14, window);
                System.arraycopy(tcpOptions, 0, h, 20, tcpOptions.length);
                byte[] seg = Bytes.concat(h, payload);
                Bytes.put16(seg, 16, RefChecksum.checksum(pseudo(seg.length), seg));
                return seg;
            }
            case 17 -> {
                byte[] seg = Bytes.concat(new byte[8], payload);
                Bytes.put16(seg, 0, srcPort);
                Bytes.put16(seg, 2, dstPort);
                Bytes.put16(seg, 4, udpLengthOverride != 0 ? udpLengthOverride : seg.length);
                if (!udpNoChecksum) {
                    int check = RefChecksum.checksum(pseudo(seg.length), seg);
                    Bytes.put16(seg, 6, check == 0 ? 0xFFFF : check);
                }
                return seg;
            }
            case 1, 58 -> {
                byte[] seg = Bytes.concat(new byte[8], payload);
                seg[0] = (byte) icmpType;
                seg[1] = (byte) icmpCode;
                Bytes.put32(seg, 4, icmpRest);
                int check = protocol == 1 ? RefChecksum.checksum(seg) : RefChecksum.checksum(pseudo(seg.length), seg);
                Bytes.put16(seg, 2, check);
                return seg;
            }
            default -> {
                return payload.clone();
            }
        }
    }

    private static void write16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }
}
