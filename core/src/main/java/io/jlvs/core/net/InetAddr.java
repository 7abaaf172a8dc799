package io.jlvs.core.net;

/**
 * The one way the data plane carries an IP address without an object: two longs.
 *
 * <p>An IPv6 address is its 128 bits split into {@code hi} (bytes 0..7) and {@code lo} (bytes
 * 8..15), big-endian. An IPv4 address {@code a.b.c.d} is carried in its IPv4-mapped form
 * {@code ::ffff:a.b.c.d} (RFC 4291 §2.5.5.2): {@code hi = 0}, {@code lo = 0x0000_FFFF_0000_0000 |
 * addr}. One representation means one connection-table key and one hash for both families; the
 * family is recovered with {@link #isV4}.
 */
public final class InetAddr {
    /** The constant upper half of an IPv4-mapped address's low long. */
    public static final long V4_MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;

    private InetAddr() {}

    /** Low long for an IPv4 address given as a big-endian int (the wire order). */
    public static long v4Lo(int addr) {
        return V4_MAPPED_PREFIX | (addr & 0xFFFF_FFFFL);
    }

    /** True when (hi, lo) is an IPv4-mapped address. */
    public static boolean isV4(long hi, long lo) {
        return hi == 0 && (lo & 0xFFFF_FFFF_0000_0000L) == V4_MAPPED_PREFIX;
    }

    /** The IPv4 address (big-endian int) inside an IPv4-mapped low long. */
    public static int v4(long lo) {
        return (int) lo;
    }

    /** Parses dotted-quad IPv4 or RFC 4291 text IPv6 into {hi, lo}; control plane only. */
    public static long[] parse(String text) {
        byte[] b;
        try {
            b = java.net.InetAddress.ofLiteral(text).getAddress();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
        if (b.length == 4) {
            return new long[] {
                0, v4Lo(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF))
            };
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xFF);
            lo = (lo << 8) | (b[i + 8] & 0xFF);
        }
        return new long[] {hi, lo};
    }

    /** Text form as ipvsadm prints it: dotted quad for IPv4, compressed RFC 5952 for IPv6. */
    public static String format(long hi, long lo) {
        if (isV4(hi, lo)) {
            int a = v4(lo);
            return ((a >>> 24) & 0xFF) + "." + ((a >>> 16) & 0xFF) + "." + ((a >>> 8) & 0xFF) + "." + (a & 0xFF);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        // RFC 5952 §4.2: compress the longest run (first if tied) of two or more zero groups.
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(g[i]));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
