package io.jlvs.core.testframes;

import java.util.ArrayList;
import java.util.List;

/**
 * An independent decoder over byte[] for well-formed frames: the checking side of writer and
 * rewriter tests. It trusts its input (tests feed it frames that should be valid) and recomputes
 * every checksum with {@link RefChecksum}, so a test can demand that a stored checksum equals the full
 * recompute exactly.
 */
public final class RefDecoder {
    private RefDecoder() {}

    /** A TCP option: kind and the bytes after the length byte. */
    public record Option(int kind, byte[] data) {}

    /** Everything decoded; fields not present in the frame stay at their defaults. */
    public static final class Decoded {
        public long dstMac;
        public long srcMac;
        public final List<int[]> vlans = new ArrayList<>();
        public int etherType;
        public int l3Offset;

        public int arpOp;
        public long arpSenderMac;
        public int arpSenderIp;
        public long arpTargetMac;
        public int arpTargetIp;

        public int ipVersion;
        public int ipHeaderLength;
        public int ipTotalLength;
        public int tos;
        public int ipId;
        public int fragmentWord;
        public int ttl;
        public int protocol;
        public int storedIpChecksum;
        public int expectedIpChecksum;
        public byte[] src;
        public byte[] dst;

        public int l4Offset;
        public byte[] l4;
        public int srcPort;
        public int dstPort;
        public int seq;
        public int ack;
        public int tcpHeaderLength;
        public int tcpFlags;
        public int window;
        public final List<Option> tcpOptions = new ArrayList<>();
        public int udpLength;
        public int icmpType;
        public int icmpCode;
        public int icmpRest;
        public int storedL4Checksum;
        /** The full recompute (UDP: 0 sent as 0xFFFF); -1 when the protocol has none here. */
        public int expectedL4Checksum = -1;

        public byte[] payload;
    }

    public static Decoded decode(byte[] f) {
        Decoded d = new Decoded();
        d.dstMac = Bytes.u48(f, 0);
        d.srcMac = Bytes.u48(f, 6);
        int p = 12;
        int type = Bytes.u16(f, p);
        while (type == 0x8100 || type == 0x88A8 || type == 0x9100) {
            d.vlans.add(new int[] {type, Bytes.u16(f, p + 2)});
            p += 4;
            type = Bytes.u16(f, p);
        }
        d.etherType = type;
        int l3 = p + 2;
        d.l3Offset = l3;
        switch (type) {
            case 0x0806 -> {
                d.arpOp = Bytes.u16(f, l3 + 6);
                d.arpSenderMac = Bytes.u48(f, l3 + 8);
                d.arpSenderIp = Bytes.u32(f, l3 + 14);
                d.arpTargetMac = Bytes.u48(f, l3 + 18);
                d.arpTargetIp = Bytes.u32(f, l3 + 24);
            }
            case 0x0800 -> decodeIpv4(f, l3, d);
            case 0x86DD -> decodeIpv6(f, l3, d);
            default -> {}
        }
        return d;
    }

    private static void decodeIpv4(byte[] f, int l3, Decoded d) {
        d.ipVersion = Bytes.u8(f, l3) >> 4;
        d.ipHeaderLength = (Bytes.u8(f, l3) & 15) * 4;
        d.tos = Bytes.u8(f, l3 + 1);
        d.ipTotalLength = Bytes.u16(f, l3 + 2);
        d.ipId = Bytes.u16(f, l3 + 4);
        d.fragmentWord = Bytes.u16(f, l3 + 6);
        d.ttl = Bytes.u8(f, l3 + 8);
        d.protocol = Bytes.u8(f, l3 + 9);
        d.storedIpChecksum = Bytes.u16(f, l3 + 10);
        byte[] header = Bytes.slice(f, l3, l3 + d.ipHeaderLength);
        header[10] = 0;
        header[11] = 0;
        d.expectedIpChecksum = RefChecksum.checksum(header);
        d.src = Bytes.slice(f, l3 + 12, l3 + 16);
        d.dst = Bytes.slice(f, l3 + 16, l3 + 20);
        decodeL4(f, l3 + d.ipHeaderLength, l3 + d.ipTotalLength, d);
    }

    private static void decodeIpv6(byte[] f, int l3, Decoded d) {
        d.ipVersion = Bytes.u8(f, l3) >> 4;
        d.tos = (Bytes.u32(f, l3) >>> 20) & 0xFF;
        d.ipTotalLength = 40 + Bytes.u16(f, l3 + 4);
        d.ttl = Bytes.u8(f, l3 + 7);
        d.src = Bytes.slice(f, l3 + 8, l3 + 24);
        d.dst = Bytes.slice(f, l3 + 24, l3 + 40);
        int next = Bytes.u8(f, l3 + 6);
        int p = l3 + 40;
        while (next == 0 || next == 43 || next == 60 || next == 44 || next == 51) {
            int length =
                    switch (next) {
                        case 44 -> 8;
                        case 51 -> (Bytes.u8(f, p + 1) + 2) * 4;
                        default -> (Bytes.u8(f, p + 1) + 1) * 8;
                    };
            next = Bytes.u8(f, p);
            p += length;
        }
        d.protocol = next;
        d.ipHeaderLength = p - l3;
        decodeL4(f, p, l3 + d.ipTotalLength, d);
    }

    private static void decodeL4(byte[] f, int l4, int end, Decoded d) {
        d.l4Offset = l4;
        d.l4 = Bytes.slice(f, Math.min(l4, f.length), Math.min(end, f.length));
        byte[] s = d.l4;
        int minimum = d.protocol == 6 ? 20 : d.protocol == 17 || d.protocol == 1 || d.protocol == 58 ? 8 : 0;
        if (s.length < minimum) {
            // A header-only test frame: nothing of L4 to decode.
            d.payload = s;
            return;
        }
        switch (d.protocol) {
            case 6 -> {
                d.srcPort = Bytes.u16(s, 0);
                d.dstPort = Bytes.u16(s, 2);
                d.seq = Bytes.u32(s, 4);
                d.ack = Bytes.u32(s, 8);
                d.tcpHeaderLength = (Bytes.u8(s, 12) >> 4) * 4;
                d.tcpFlags = Bytes.u8(s, 13);
                d.window = Bytes.u16(s, 14);
                d.storedL4Checksum = Bytes.u16(s, 16);
                int i = 20;
                while (i < d.tcpHeaderLength) {
                    int kind = Bytes.u8(s, i);
                    if (kind == 0) {
                        break;
                    }
                    if (kind == 1) {
                        i++;
                        continue;
                    }
                    int len = Bytes.u8(s, i + 1);
                    d.tcpOptions.add(new Option(kind, Bytes.slice(s, i + 2, i + len)));
                    i += len;
                }
                d.payload = Bytes.slice(s, d.tcpHeaderLength, s.length);
                d.expectedL4Checksum = RefChecksum.checksum(pseudo(d, s.length), zeroed(s, 16));
            }
            case 17 -> {
                d.srcPort = Bytes.u16(s, 0);
                d.dstPort = Bytes.u16(s, 2);
                d.udpLength = Bytes.u16(s, 4);
                d.storedL4Checksum = Bytes.u16(s, 6);
                d.payload = Bytes.slice(s, 8, d.udpLength);
                byte[] dgram = Bytes.slice(s, 0, d.udpLength);
                int check = RefChecksum.checksum(pseudo(d, dgram.length), zeroed(dgram, 6));
                d.expectedL4Checksum = check == 0 ? 0xFFFF : check;
            }
            case 1, 58 -> {
                d.icmpType = Bytes.u8(s, 0);
                d.icmpCode = Bytes.u8(s, 1);
                d.storedL4Checksum = Bytes.u16(s, 2);
                d.icmpRest = Bytes.u32(s, 4);
                d.payload = Bytes.slice(s, 8, s.length);
                d.expectedL4Checksum = d.protocol == 1
                        ? RefChecksum.checksum(zeroed(s, 2))
                        : RefChecksum.checksum(pseudo(d, s.length), zeroed(s, 2));
            }
            default -> d.payload = s;
        }
    }

    private static byte[] pseudo(Decoded d, int length) {
        return d.ipVersion == 4
                ? RefChecksum.pseudoV4(d.src, d.dst, d.protocol, length)
                : RefChecksum.pseudoV6(d.src, d.dst, d.protocol, length);
    }

    private static byte[] zeroed(byte[] b, int at) {
        byte[] c = b.clone();
        c[at] = 0;
        c[at + 1] = 0;
        return c;
    }
}
