package io.jlvs.cli;

import io.jlvs.api.Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The C library's address and number conversions as ipvsadm uses them, so that what it accepts
 * and prints jlvsadm accepts and prints: {@code strtol}-based {@code string_to_number}, {@code
 * atoi}, {@code inet_aton}, {@code inet_pton(AF_INET6)} and glibc's {@code inet_ntop}.
 */
final class Inet {
    private Inet() {}

    /**
     * ipvsadm's {@code string_to_number}: a whole base-10 {@code strtol} number (leading white
     * space and a sign allowed) within [min, max], else -1.
     */
    static long stringToNumber(String s, long min, long max) {
        int i = 0;
        int n = s.length();
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        long value = 0;
        boolean overflow = false;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            if (value > (Long.MAX_VALUE - 9) / 10) {
                overflow = true;
            } else {
                value = value * 10 + (s.charAt(i) - '0');
            }
            i++;
        }
        if (i == digits || i != n || overflow) {
            return -1;
        }
        long v = negative ? -value : value;
        return v >= min && v <= max ? v : -1;
    }

    /** C's {@code atoi}: leading white space, a sign, digits up to the first non-digit; else 0. */
    static long atoi(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && v < 1L << 40) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return negative ? -v : v;
    }

    /** True when every character is a digit (ipvsadm's {@code str_is_digit}; true for ""). */
    static boolean isAllDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code inet_aton}: one to four parts, each decimal, octal (leading 0) or hex (0x); the last
     * part fills the remaining bytes. Returns the address or null.
     */
    static Address aton(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = cNumber(parts[i]);
            if (v[i] < 0) {
                return null;
            }
        }
        long addr;
        switch (parts.length) {
            case 1 -> {
                if (v[0] > 0xFFFF_FFFFL) {
                    return null;
                }
                addr = v[0];
            }
            case 2 -> {
                if (v[0] > 0xFF || v[1] > 0xFF_FFFF) {
                    return null;
                }
                addr = v[0] << 24 | v[1];
            }
            case 3 -> {
                if (v[0] > 0xFF || v[1] > 0xFF || v[2] > 0xFFFF) {
                    return null;
                }
                addr = v[0] << 24 | v[1] << 16 | v[2];
            }
            default -> {
                for (long x : v) {
                    if (x > 0xFF) {
                        return null;
                    }
                }
                addr = v[0] << 24 | v[1] << 16 | v[2] << 8 | v[3];
            }
        }
        return Address.ofV4((int) addr);
    }

    /** An unsigned number in C notation (0x hex, 0 octal, decimal), or -1. */
    private static long cNumber(String p) {
        if (p.isEmpty()) {
            return -1;
        }
        int base = 10;
        String digits = p;
        if (p.length() > 1 && (p.startsWith("0x") || p.startsWith("0X"))) {
            base = 16;
            digits = p.substring(2);
            if (digits.isEmpty()) {
                return 0; // "0x" alone is 0 to strtoul, and inet_aton accepts it
            }
        } else if (p.length() > 1 && p.charAt(0) == '0') {
            base = 8;
            digits = p.substring(1);
        }
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), base);
            if (d < 0) {
                return -1;
            }
            v = v * base + d;
            if (v > 0xFFFF_FFFFL) {
                return Long.MAX_VALUE;
            }
        }
        return v;
    }

    /** {@code inet_pton(AF_INET6, s)}: an IPv6 literal (no brackets, no zone), or null. */
    static Address pton6(String s) {
        if (s.indexOf(':') < 0 || s.indexOf('%') >= 0 || s.indexOf('[') >= 0 || s.indexOf(']') >= 0) {
            return null;
        }
        try {
            InetAddress a = InetAddress.ofLiteral(s);
            // An IPv4-mapped literal comes back as IPv4, which is how jlvs carries IPv4 anyway.
            return a instanceof Inet6Address || a.getAddress().length == 4 ? Address.ofBytes(a.getAddress()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code inet_pton(AF_INET, s)}: strictly four decimal parts, or null. */
    static Address pton4(String s) {
        if (!s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            return null;
        }
        return aton(s.replaceAll("(^|\\.)0+([0-9])", "$1$2"));
    }

    /**
     * glibc's {@code inet_ntop}: dotted quad for IPv4; for IPv6 the longest run of two or more
     * zero groups (the first if tied) compressed, lower-case hex, and an embedded IPv4 tail
     * written as a dotted quad for ::a.b.c.d and ::ffff:a.b.c.d.
     */
    static String ntop(Address a) {
        if (a.isV4()) {
            return a.text();
        }
        int[] w = new int[8];
        for (int i = 0; i < 4; i++) {
            w[i] = (int) (a.hi() >>> (48 - 16 * i)) & 0xFFFF;
            w[i + 4] = (int) (a.lo() >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestBase = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (w[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && w[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestBase = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        StringBuilder sb = new StringBuilder(46);
        for (int i = 0; i < 8; i++) {
            if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
                if (i == bestBase) {
                    sb.append(':');
                }
                continue;
            }
            if (i != 0) {
                sb.append(':');
            }
            boolean embeddedV4 = i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xFFFF));
            if (embeddedV4) {
                sb.append(w[6] >>> 8)
                        .append('.')
                        .append(w[6] & 0xFF)
                        .append('.')
                        .append(w[7] >>> 8)
                        .append('.')
                        .append(w[7] & 0xFF);
                return sb.toString();
            }
            sb.append(Integer.toHexString(w[i]));
        }
        if (bestBase != -1 && bestBase + bestLen == 8) {
            sb.append(':');
        }
        return sb.toString();
    }

    /** Prefix length of a contiguous IPv4 mask given as a big-endian int, or -1. */
    static int maskToPrefix(int mask) {
        int prefix = Integer.bitCount(mask);
        return mask == prefixToMask(prefix) ? prefix : -1;
    }

    /** The IPv4 mask of a prefix length, as a big-endian int. */
    static int prefixToMask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }
}
