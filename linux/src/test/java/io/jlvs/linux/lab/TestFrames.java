package io.jlvs.linux.lab;

import io.jlvs.core.net.InetAddr;
import java.nio.ByteBuffer;

/**
 * Builds Ethernet frames for tests, checksums included, independently of the code under test.
 * Addresses are {@link InetAddr} pairs; MACs are longs, first octet most significant.
 */
public final class TestFrames {
    public static final int ETH_P_IP = 0x0800;
    public static final int ETH_P_IPV6 = 0x86DD;
    /** IEEE 802 local experimental ethertype 1: no kernel protocol handler claims it. */
    public static final int ETH_P_EXP = 0x88B5;

    private TestFrames() {}

    private static void ethernet(ByteBuffer b, long dstMac, long srcMac, int type) {
        for (int i = 0; i < 6; i++) {
            b.put((byte) (dstMac >>> (40 - 8 * i)));
        }
        for (int i = 0; i < 6; i++) {
            b.put((byte) (srcMac >>> (40 - 8 * i)));
        }
        b.putShort((short) type);
    }

    /** An Ethernet frame with an arbitrary ethertype and payload. */
    public static byte[] raw(long dstMac, long srcMac, int type, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + payload.length);
        ethernet(b, dstMac, srcMac, type);
        b.put(payload);
        return b.array();
    }

    /** IPv4 or IPv6 (by the addresses' family) carrying a UDP datagram or a TCP SYN. */
    public static byte[] l4(
            long dstMac, long srcMac, long[] src, long[] dst, int protocol, int sport, int dport, byte[] payload) {
        boolean v4 = InetAddr.isV4(src[0], src[1]);
        int l4len = (protocol == 6 ? 20 : 8) + payload.length;
        ByteBuffer l4 = ByteBuffer.allocate(l4len);
        l4.putShort((short) sport).putShort((short) dport);
        if (protocol == 6) {
            l4.putInt(1).putInt(0).put((byte) 0x50).put((byte) 0x02).putShort((short) 65535);
            l4.putShort((short) 0).putShort((short) 0);
        } else {
            l4.putShort((short) l4len).putShort((short) 0);
        }
        l4.put(payload);
        byte[] seg = l4.array();
        // RFC 768 / RFC 793 pseudo-header checksum (RFC 8200 §8.1 for IPv6).
        ByteBuffer ph = ByteBuffer.allocate((v4 ? 12 : 40) + seg.length);
        if (v4) {
            ph.putInt(InetAddr.v4(src[1])).putInt(InetAddr.v4(dst[1]));
            ph.put((byte) 0).put((byte) protocol).putShort((short) l4len);
        } else {
            ph.putLong(src[0]).putLong(src[1]).putLong(dst[0]).putLong(dst[1]);
            ph.putInt(l4len).putShort((short) 0).put((byte) 0).put((byte) protocol);
        }
        ph.put(seg);
        int sum = checksum(ph.array());
        if (protocol == 17 && sum == 0) {
            sum = 0xFFFF;
        }
        int at = protocol == 6 ? 16 : 6;
        seg[at] = (byte) (sum >>> 8);
        seg[at + 1] = (byte) sum;

        ByteBuffer b = ByteBuffer.allocate(14 + (v4 ? 20 : 40) + seg.length);
        ethernet(b, dstMac, srcMac, v4 ? ETH_P_IP : ETH_P_IPV6);
        if (v4) {
            int ipStart = b.position();
            b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + seg.length));
            b.putShort((short) 0x1234).putShort((short) 0x4000); // DF
            b.put((byte) 64).put((byte) protocol).putShort((short) 0);
            b.putInt(InetAddr.v4(src[1])).putInt(InetAddr.v4(dst[1]));
            byte[] hdr = new byte[20];
            b.get(ipStart, hdr);
            int c = checksum(hdr);
            b.putShort(ipStart + 10, (short) c);
        } else {
            b.putInt(0x60000000)
                    .putShort((short) seg.length)
                    .put((byte) protocol)
                    .put((byte) 64);
            b.putLong(src[0]).putLong(src[1]).putLong(dst[0]).putLong(dst[1]);
        }
        b.put(seg);
        return b.array();
    }

    /** RFC 1071 Internet checksum. */
    public static int checksum(byte[] data) {
        long sum = 0;
        for (int i = 0; i + 1 < data.length; i += 2) {
            sum += ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
        }
        if ((data.length & 1) != 0) {
            sum += (data[data.length - 1] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    /** True when {@code needle} occurs in {@code hay}. */
    public static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
