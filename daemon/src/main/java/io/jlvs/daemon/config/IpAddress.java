package io.jlvs.daemon.config;

import io.jlvs.core.net.InetAddr;
import java.util.Optional;
import java.util.regex.Pattern;

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
    /** Four decimal parts without leading zeros ("010" could mean octal to other parsers). */
    private static final Pattern STRICT_V4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    private static final Pattern LONG_GROUP = Pattern.compile("[0-9a-fA-F]{5}");

    /** The IPv4 address {@code a.b.c.d} given as a big-endian int. */
    public static IpAddress ofV4(int addr) {
        return new IpAddress(0, InetAddr.v4Lo(addr));
    }

    /**
     * Parses an address; empty when the text is not one. {@link InetAddr#parse} reads it once the
     * text has passed the checks that make it inet_pton's: Java's literal parser also takes what
     * inet_pton refuses (short and zero-padded dotted quads, brackets, zones, IPv4-mapped text).
     */
    public static Optional<IpAddress> parse(String text) {
        boolean v6 = text.indexOf(':') >= 0;
        if (v6 ? !isPtonV6(text) : !STRICT_V4.matcher(text).matches()) {
            return Optional.empty();
        }
        long[] a;
        try {
            a = InetAddr.parse(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // An IPv4-mapped literal would be indistinguishable from the IPv4 address in the (hi, lo)
        // form; keepalived would treat it as IPv6. Refuse it rather than silently change its family.
        if (v6 && InetAddr.isV4(a[0], a[1])) {
            return Optional.empty();
        }
        return Optional.of(new IpAddress(a[0], a[1]));
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

    /**
     * No brackets, no zone, no group of more than four digits (Java takes {@code 0fe80}), and an
     * embedded IPv4 tail (RFC 4291 §2.2 form 3) as strict as IPv4.
     */
    private static boolean isPtonV6(String s) {
        if (s.indexOf('[') >= 0
                || s.indexOf(']') >= 0
                || s.indexOf('%') >= 0
                || LONG_GROUP.matcher(s).find()) {
            return false;
        }
        return s.indexOf('.') < 0
                || STRICT_V4.matcher(s.substring(s.lastIndexOf(':') + 1)).matches();
    }
}
