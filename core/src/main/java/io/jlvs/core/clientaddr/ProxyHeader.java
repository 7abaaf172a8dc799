package io.jlvs.core.clientaddr;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * HAProxy's PROXY protocol header (haproxy doc/proxy-protocol.txt), as a load balancer that does
 * not terminate the connection writes it: the client's address and port as source, the address and
 * port the client connected to (the virtual service) as destination, command PROXY. Written into a
 * caller's buffer with no allocation.
 *
 * <p>Version 1 is one text line, {@code PROXY TCP4 198.18.0.11 198.18.0.100 40000 80\r\n}, at most
 * {@value #V1_MAX_LENGTH} bytes; IPv6 addresses in the RFC 5952 form. Version 2 is binary: the
 * 12-byte signature, version/command 0x21, family/transport, the address block length and the
 * block (12 bytes for IPv4, 36 for IPv6), so 28 or 52 bytes; it also names UDP (DGRAM).
 */
public final class ProxyHeader {
    /** The longest version 1 line the specification allows (§2.1), CRLF included. */
    public static final int V1_MAX_LENGTH = 107;
    /** The longest IPv4 line: "PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n". */
    public static final int V1_V4_MAX_LENGTH = 56;
    /** A version 2 header for IPv4: 16 + 12. */
    public static final int V2_V4_LENGTH = 28;
    /** A version 2 header for IPv6: 16 + 36. */
    public static final int V2_V6_LENGTH = 52;
    /** Room a buffer needs for any header this class writes. */
    public static final int MAX_LENGTH = V1_MAX_LENGTH;

    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final int V2_PROXY = 0x21;
    private static final int AF_INET = 0x10;
    private static final int AF_INET6 = 0x20;
    private static final int STREAM = 0x01;
    private static final int DGRAM = 0x02;

    private ProxyHeader() {}

    /**
     * Writes a version 1 header for a TCP connection from (sHi, sLo):sport to (dHi, dLo):dport at
     * {@code offset}; returns its length. The buffer needs {@link #V1_MAX_LENGTH} bytes of room.
     */
    public static int v1(MemorySegment s, long offset, long sHi, long sLo, int sport, long dHi, long dLo, int dport) {
        boolean v4 = InetAddr.isV4(sHi, sLo);
        long at = ascii(s, offset, v4 ? "PROXY TCP4 " : "PROXY TCP6 ");
        at = address(s, at, sHi, sLo);
        Wire.putU8(s, at++, ' ');
        at = address(s, at, dHi, dLo);
        Wire.putU8(s, at++, ' ');
        at = decimal(s, at, sport);
        Wire.putU8(s, at++, ' ');
        at = decimal(s, at, dport);
        Wire.putU8(s, at++, '\r');
        Wire.putU8(s, at++, '\n');
        return (int) (at - offset);
    }

    /**
     * Writes a version 2 header (command PROXY) for a TCP ({@code stream}) or UDP flow at {@code
     * offset}; returns its length, {@link #V2_V4_LENGTH} or {@link #V2_V6_LENGTH}.
     */
    public static int v2(
            MemorySegment s,
            long offset,
            boolean stream,
            long sHi,
            long sLo,
            int sport,
            long dHi,
            long dLo,
            int dport) {
        boolean v4 = InetAddr.isV4(sHi, sLo);
        for (int i = 0; i < V2_SIGNATURE.length; i++) {
            Wire.putU8(s, offset + i, V2_SIGNATURE[i]);
        }
        Wire.putU8(s, offset + 12, V2_PROXY);
        Wire.putU8(s, offset + 13, (v4 ? AF_INET : AF_INET6) | (stream ? STREAM : DGRAM));
        long at = offset + 16;
        if (v4) {
            Wire.putU16(s, offset + 14, 12);
            Wire.putI32(s, at, InetAddr.v4(sLo));
            Wire.putI32(s, at + 4, InetAddr.v4(dLo));
            at += 8;
        } else {
            Wire.putU16(s, offset + 14, 36);
            Wire.putI64(s, at, sHi);
            Wire.putI64(s, at + 8, sLo);
            Wire.putI64(s, at + 16, dHi);
            Wire.putI64(s, at + 24, dLo);
            at += 32;
        }
        Wire.putU16(s, at, sport);
        Wire.putU16(s, at + 2, dport);
        return (int) (at + 4 - offset);
    }

    private static long ascii(MemorySegment s, long at, String text) {
        for (int i = 0; i < text.length(); i++) {
            Wire.putU8(s, at++, text.charAt(i));
        }
        return at;
    }

    private static long address(MemorySegment s, long at, long hi, long lo) {
        if (InetAddr.isV4(hi, lo)) {
            int a = InetAddr.v4(lo);
            for (int shift = 24; shift >= 0; shift -= 8) {
                at = decimal(s, at, (a >>> shift) & 0xFF);
                if (shift > 0) {
                    Wire.putU8(s, at++, '.');
                }
            }
            return at;
        }
        return ipv6(s, at, hi, lo);
    }

    /** RFC 5952 §4: lower-case hex, no leading zeros, the longest run of two or more zero groups as "::". */
    private static long ipv6(MemorySegment s, long at, long hi, long lo) {
        int runStart = -1;
        int runLength = 0;
        for (int i = 0; i < 8; ) {
            if (group(hi, lo, i) != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && group(hi, lo, j) == 0) {
                j++;
            }
            if (j - i > runLength && j - i >= 2) {
                runStart = i;
                runLength = j - i;
            }
            i = j;
        }
        for (int i = 0; i < 8; i++) {
            if (i == runStart) {
                Wire.putU8(s, at++, ':');
                Wire.putU8(s, at++, ':');
                i += runLength - 1;
                continue;
            }
            if (i > 0 && i != runStart + runLength) {
                Wire.putU8(s, at++, ':');
            }
            at = hex(s, at, group(hi, lo, i));
        }
        return at;
    }

    private static int group(long hi, long lo, int i) {
        long half = i < 4 ? hi : lo;
        return (int) (half >>> (48 - 16 * (i & 3))) & 0xFFFF;
    }

    private static long hex(MemorySegment s, long at, int value) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int d = (value >>> shift) & 0xF;
            if (d != 0 || started || shift == 0) {
                Wire.putU8(s, at++, d < 10 ? '0' + d : 'a' + d - 10);
                started = true;
            }
        }
        return at;
    }

    private static long decimal(MemorySegment s, long at, int value) {
        int digits = value >= 10000 ? 5 : value >= 1000 ? 4 : value >= 100 ? 3 : value >= 10 ? 2 : 1;
        for (int i = digits - 1; i >= 0; i--) {
            Wire.putU8(s, at + i, '0' + value % 10);
            value /= 10;
        }
        return at + digits;
    }
}
