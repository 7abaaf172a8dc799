package io.jlvs.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import io.jlvs.core.net.InetAddr;

/**
 * An IP address as the data plane carries it: two longs. IPv6 is its 128 bits split into {@code
 * hi} (bytes 0..7) and {@code lo} (bytes 8..15), big-endian; IPv4 {@code a.b.c.d} is the
 * IPv4-mapped form {@code ::ffff:a.b.c.d} (RFC 4291 §2.5.5.2), {@code hi = 0, lo = 0xffff_0000_0000
 * | addr} — the convention of {@code io.jlvs.core.net.InetAddr}, so the registry hands the data
 * plane a key without re-parsing. On the wire (JSON) an address is its text form.
 */
public record Address(long hi, long lo) implements Comparable<Address> {
    /** 0.0.0.0, the address of an IPv4 firewall-mark service. */
    public static final Address ANY_V4 = ofV4(0);

    /** ::, the address of an IPv6 firewall-mark service. */
    public static final Address ANY_V6 = new Address(0, 0);

    /** An IPv4 address given as a big-endian int (the wire order). */
    public static Address ofV4(int addr) {
        return new Address(0, InetAddr.v4Lo(addr));
    }

    /** An address from its 4 (IPv4) or 16 (IPv6) network-order bytes. */
    public static Address ofBytes(byte[] b) {
        if (b.length == 4) {
            return ofV4(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
        }
        if (b.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + b.length);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xFF);
            lo = (lo << 8) | (b[i + 8] & 0xFF);
        }
        return new Address(hi, lo);
    }

    /**
     * Parses a literal: dotted-quad IPv4 or RFC 4291 text IPv6 (an IPv4-mapped IPv6 literal is
     * IPv4, as everywhere in jlvs). Never resolves names.
     *
     * @throws IllegalArgumentException if {@code text} is not an address literal
     */
    @JsonCreator
    public static Address parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("not an IP address: null");
        }
        long[] a = InetAddr.parse(text);
        return new Address(a[0], a[1]);
    }

    /** True for an IPv4 (IPv4-mapped) address. */
    @JsonIgnore
    public boolean isV4() {
        return InetAddr.isV4(hi, lo);
    }

    /** The address family. */
    public Family family() {
        return isV4() ? Family.INET : Family.INET6;
    }

    /** The IPv4 address as a big-endian int; only meaningful when {@link #isV4()}. */
    public int v4() {
        return InetAddr.v4(lo);
    }

    /** True for 0.0.0.0 or ::. */
    @JsonIgnore
    public boolean isAny() {
        return equals(ANY_V4) || equals(ANY_V6);
    }

    /** Network-order bytes: 4 for IPv4, 16 for IPv6. */
    public byte[] bytes() {
        if (isV4()) {
            int a = v4();
            return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[i + 8] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    /** Text form: dotted quad for IPv4, RFC 5952 compressed lower-case hex for IPv6. */
    @JsonValue
    public String text() {
        return InetAddr.format(hi, lo);
    }

    /** Unsigned numeric order: what ipvsadm's sort means to do within one family. */
    @Override
    public int compareTo(Address o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    @Override
    public String toString() {
        return text();
    }
}
