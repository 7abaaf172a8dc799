package io.jlvs.cli;

import io.jlvs.api.Address;

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

    /**
     * {@code inet_pton(AF_INET6, s)}: an IPv6 literal (no brackets, no zone), or null. An
     * IPv4-mapped literal comes back as IPv4, which is how jlvs carries IPv4 anyway.
     */
    static Address pton6(String s) {
        if (s.indexOf(':') < 0 || s.indexOf('%') >= 0 || s.indexOf('[') >= 0 || s.indexOf(']') >= 0) {
            return null;
        }
        try {
            return Address.parse(s);
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
     * glibc's {@code inet_ntop}: {@link Address#text()} (dotted quad; RFC 5952 IPv6, which compresses
     * as glibc does), except that glibc writes an IPv4-compatible address {@code ::a.b.c.d} with a
     * dotted-quad tail. (It does so for {@code ::ffff:a.b.c.d} too, which jlvs carries as IPv4.)
     */
    static String ntop(Address a) {
        boolean ipv4Compatible = a.hi() == 0 && (a.lo() >>> 32) == 0 && (a.lo() >>> 16) != 0;
        return ipv4Compatible ? "::" + Address.ofV4((int) a.lo()).text() : a.text();
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
