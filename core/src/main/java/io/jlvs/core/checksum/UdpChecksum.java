package io.jlvs.core.checksum;

/**
 * The UDP rules that make a zero checksum special.
 *
 * <p>RFC 768: a transmitted checksum of zero means "the sender computed none"; a computed checksum
 * that comes out zero is therefore sent as all ones (0xFFFF, the other ones' complement zero). Over
 * IPv4 a packet without a checksum must keep 0 when a NAT rewrites it (RFC 3022 §4.1 leaves it alone,
 * as IPVS does), otherwise the receiver would verify a checksum that was never there. Over IPv6
 * the checksum is mandatory and zero is invalid (RFC 8200 §8.1).
 */
public final class UdpChecksum {
    /** The field value meaning "no checksum" over IPv4, "invalid" over IPv6. */
    public static final int NONE = 0;

    private UdpChecksum() {}

    /** The value to transmit for a freshly computed UDP checksum. */
    public static int transmitted(int computed) {
        return computed == 0 ? 0xFFFF : computed;
    }

    /** 16-bit field rewrite (a port); a packet without a checksum stays without one. */
    public static int update16(int check, int oldValue, int newValue) {
        if (check == NONE) {
            return NONE;
        }
        return transmitted(IncrementalChecksum.update16(check, oldValue, newValue));
    }

    /** 32-bit field rewrite (an IPv4 address in the pseudo-header). */
    public static int update32(int check, int oldValue, int newValue) {
        if (check == NONE) {
            return NONE;
        }
        return transmitted(IncrementalChecksum.update32(check, oldValue, newValue));
    }

    /** 128-bit field rewrite (an IPv6 address in the pseudo-header). */
    public static int update128(int check, long oldHi, long oldLo, long newHi, long newLo) {
        if (check == NONE) {
            return NONE;
        }
        return transmitted(IncrementalChecksum.update128(check, oldHi, oldLo, newHi, newLo));
    }
}
