package io.jlvs.daemon.config;

import io.jlvs.core.net.InetAddr;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address as the configuration carries it: the two longs of {@link InetAddr} (IPv4 in
 * its IPv4-mapped form), so a value read here goes into the data plane's tables unchanged.
 *
 * <p>Parsing is as strict as {@code inet_pton(3)}, which keepalived uses: dotted quads with exactly
 * four decimal parts and no leading zeros, RFC 4291 §2.2 text for IPv6, no brackets, no zone. The
 * lenient BSD forms Java's {@code InetAddress} also accepts ({@code 10.1}, {@code 10.0.0}) would turn
 * a typo into a different address, so they are refused.
 */
public record IpAddress(long hi, long lo) implements Comparable<IpAddress> {

    /** The IPv4 address {@code a.b.c.d} given as a big-endian int. */
    public static IpAddress ofV4(int addr) {
        return new IpAddress(0, InetAddr.v4Lo(addr));
    }

    /** Parses an address; empty when the text is not one. */
    public static Optional<IpAddress> parse(String text) {
        if (text.indexOf(':') >= 0) {
            return parseV6(text);
        }
        long v4 = parseV4(text);
        return v4 < 0 ? Optional.empty() : Optional.of(ofV4((int) v4));
    }

    /** True for IPv4 (carried IPv4-mapped). */
    public boolean isV4() {
        return InetAddr.isV4(hi, lo);
    }

    public AddressFamily family() {
        return isV4() ? AddressFamily.INET : AddressFamily.INET6;
    }

    /** The IPv4 address as a big-endian int; meaningful only when {@link #isV4()}. */
    public int v4() {
        return InetAddr.v4(lo);
    }

    /** The address {@code n} above this one (unsigned 128-bit arithmetic, wrapping). */
    IpAddress plus(long n) {
        long newLo = lo + n;
        long carry = Long.compareUnsigned(newLo, lo) < 0 ? 1 : 0;
        return new IpAddress(hi + carry, newLo);
    }

    /** Unsigned 128-bit order, so ranges compare as the addresses they hold. */
    @Override
    public int compareTo(IpAddress o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    /** Dotted quad, or RFC 5952 text for IPv6. */
    @Override
    public String toString() {
        return InetAddr.format(hi, lo);
    }

    /** Returns the address as an unsigned 32-bit value, or -1 when the text is not a dotted quad. */
    private static long parseV4(String s) {
        int n = s.length();
        if (n < 7 || n > 15) {
            return -1;
        }
        long addr = 0;
        int parts = 0;
        int i = 0;
        while (i < n) {
            int start = i;
            int v = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            int len = i - start;
            // inet_pton refuses a leading zero ("010" could mean octal to other parsers).
            if (len == 0 || v > 255 || (len > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            addr = (addr << 8) | v;
            parts++;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return -1;
            }
            i++;
            if (i == n) {
                return -1;
            }
        }
        return parts == 4 ? addr : -1;
    }

    private static Optional<IpAddress> parseV6(String s) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        int n = s.length();
        if (n < 2 || n > 45) {
            return Optional.empty();
        }
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == n) {
                return Optional.of(new IpAddress(0, 0));
            }
        } else if (s.charAt(0) == ':') {
            return Optional.empty();
        }
        while (i < n) {
            int start = i;
            int v = 0;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0 && i - start < 5) {
                v = (v << 4) | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                // An embedded IPv4 tail (RFC 4291 §2.2 form 3) takes the last two groups.
                long v4 = parseV4(s.substring(start));
                if (v4 < 0 || count > 6) {
                    return Optional.empty();
                }
                groups[count++] = (int) (v4 >>> 16) & 0xFFFF;
                groups[count++] = (int) v4 & 0xFFFF;
                i = n;
                break;
            }
            int len = i - start;
            if (len == 0 || len > 4 || count == 8) {
                return Optional.empty();
            }
            groups[count++] = v;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return Optional.empty();
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return Optional.empty();
                }
                gap = count;
                i++;
            } else if (i == n) {
                return Optional.empty();
            }
        }
        if (gap < 0 && count != 8) {
            return Optional.empty();
        }
        if (gap >= 0 && count > 7) {
            return Optional.empty();
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            int tail = count - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++) {
            hi = (hi << 16) | full[g];
            lo = (lo << 16) | full[g + 4];
        }
        // An IPv4-mapped literal would be indistinguishable from the IPv4 address in the (hi, lo)
        // form; keepalived would treat it as IPv6. Refuse it rather than silently change its family.
        if (InetAddr.isV4(hi, lo)) {
            return Optional.empty();
        }
        return Optional.of(new IpAddress(hi, lo));
    }
}
