package io.jlvs.daemon.config;

/**
 * The client mask persistence groups by ({@code persistence_granularity}, ipvsadm {@code -M}): an
 * IPv4 netmask for IPv4 services, a prefix length for IPv6 ones. keepalived (like ipvsadm and the
 * kernel) does not insist that an IPv4 netmask be contiguous, so the raw 32 bits are kept.
 */
public record PersistenceGranularity(AddressFamily family, int mask) {

    /** One client per template: 255.255.255.255 or /128, keepalived's default. */
    public static PersistenceGranularity host(AddressFamily family) {
        return new PersistenceGranularity(family, family == AddressFamily.INET ? 0xFFFF_FFFF : 128);
    }

    @Override
    public String toString() {
        return family == AddressFamily.INET
                ? ((mask >>> 24) & 0xFF) + "." + ((mask >>> 16) & 0xFF) + "." + ((mask >>> 8) & 0xFF) + "."
                        + (mask & 0xFF)
                : Integer.toString(mask);
    }
}
