package io.jlvs.daemon.config;

import java.math.BigInteger;

/**
 * An inclusive range of addresses of one family, as a {@code virtual_server_group} or {@code
 * local_address_group} line writes it: {@code 10.0.0.1}, {@code 10.0.0.3-10} (last IPv4 octet, or
 * last IPv6 group in hex), {@code 10.0.0.3-10.0.1.2}, {@code 10.0.0.8/29}.
 */
public record AddressRange(IpAddress first, IpAddress last) {

    public AddressRange {
        if (first.isV4() != last.isV4() || first.compareTo(last) > 0) {
            throw new IllegalArgumentException("bad range " + first + "-" + last);
        }
    }

    public static AddressRange of(IpAddress single) {
        return new AddressRange(single, single);
    }

    public AddressFamily family() {
        return first.family();
    }

    public boolean contains(IpAddress a) {
        return a.isV4() == first.isV4() && first.compareTo(a) <= 0 && a.compareTo(last) <= 0;
    }

    public boolean overlaps(AddressRange o) {
        return first.isV4() == o.first.isV4() && first.compareTo(o.last) <= 0 && o.first.compareTo(last) <= 0;
    }

    /** How many addresses the range holds (up to 2^128). */
    public BigInteger size() {
        return toBig(last).subtract(toBig(first)).add(BigInteger.ONE);
    }

    private static BigInteger toBig(IpAddress a) {
        return new BigInteger(Long.toUnsignedString(a.hi()))
                .shiftLeft(64)
                .or(new BigInteger(Long.toUnsignedString(a.lo())));
    }

    @Override
    public String toString() {
        return first.equals(last) ? first.toString() : first + "-" + last;
    }
}
