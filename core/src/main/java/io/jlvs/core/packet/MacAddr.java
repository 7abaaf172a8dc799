package io.jlvs.core.packet;

/**
 * A MAC address carried as the low 48 bits of a long, the way {@link Wire#mac} reads it; the packet
 * path never holds one as an object.
 */
public final class MacAddr {
    /** ff:ff:ff:ff:ff:ff. */
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    private MacAddr() {}

    /** True for group addresses (the I/G bit, the lowest bit of the first octet; IEEE 802 §8.2). */
    public static boolean isMulticast(long mac) {
        return (mac & 0x0100_0000_0000L) != 0;
    }

    /**
     * The Ethernet destination for an IPv6 multicast address: 33:33 and its last 32 bits (RFC 2464
     * §7), used for the solicited-node address of a neighbour solicitation.
     */
    public static long ofIpv6Multicast(long lo) {
        return 0x3333_0000_0000L | (lo & 0xFFFF_FFFFL);
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (or with dashes); control plane only. */
    public static long parse(String text) {
        String[] parts = text.split("[:-]");
        if (parts.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + text);
        }
        long mac = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 2) {
                throw new IllegalArgumentException("not a MAC address: " + text);
            }
            int octet = 0;
            for (int i = 0; i < part.length(); i++) {
                int digit = Character.digit(part.charAt(i), 16);
                if (digit < 0) {
                    throw new IllegalArgumentException("not a MAC address: " + text);
                }
                octet = (octet << 4) | digit;
            }
            mac = (mac << 8) | octet;
        }
        return mac;
    }

    /** Lower-case colon form, as {@code ip link} prints it. */
    public static String format(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            int b = (int) (mac >>> shift) & 0xFF;
            sb.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            if (shift > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
