package io.jlvs.api;

import java.util.Comparator;
import java.util.Objects;

/**
 * What identifies a virtual service, as the kernel looks it up: either {@code <family, protocol,
 * address, port>} or, for a firewall-mark service, {@code <fwmark, family>}.
 *
 * <p>A firewall-mark key is normalised the way ipvsadm builds one (protocol TCP, the unspecified
 * address of its family, port 0), so two keys are equal exactly when the kernel would find the
 * same service.
 *
 * @param fwmark the firewall mark, an unsigned 32-bit value; 0 for an address service
 */
public record ServiceKey(Family family, Protocol protocol, Address address, int port, long fwmark)
        implements Comparable<ServiceKey> {

    /**
     * ipvsadm's listing order (libipvs {@code ipvs_cmp_services}): fwmark, family, protocol,
     * address, port. Addresses and marks compare as unsigned numbers, which is what the C code
     * means by its subtractions (they overflow for values 2^31 apart).
     */
    private static final Comparator<ServiceKey> ORDER = Comparator.comparingLong((ServiceKey k) -> k.fwmark())
            .thenComparing(ServiceKey::family)
            .thenComparingInt(k -> k.protocol().number())
            .thenComparing(ServiceKey::address)
            .thenComparingInt(ServiceKey::port);

    public ServiceKey {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(address, "address");
        Ports.check(port);
        if (fwmark < 0 || fwmark > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("fwmark out of range 0..4294967295: " + fwmark);
        }
        if (fwmark != 0) {
            protocol = Protocol.TCP;
            address = family == Family.INET ? Address.ANY_V4 : Address.ANY_V6;
            port = 0;
        } else if (address.family() != family) {
            throw new IllegalArgumentException("address " + address + " is not of family " + family);
        }
    }

    /** An address service: {@code -t|-u|--sctp-service address:port}. */
    public static ServiceKey of(Protocol protocol, Address address, int port) {
        return new ServiceKey(address.family(), protocol, address, port, 0);
    }

    /** A firewall-mark service: {@code -f mark [-6]}. */
    public static ServiceKey ofFwmark(long mark, Family family) {
        if (mark == 0) {
            throw new IllegalArgumentException("a firewall mark is greater than zero");
        }
        return new ServiceKey(family, Protocol.TCP, Address.ANY_V4, 0, mark);
    }

    /** True for a firewall-mark service. */
    public boolean usesFwmark() {
        return fwmark != 0;
    }

    @Override
    public int compareTo(ServiceKey o) {
        return ORDER.compare(this, o);
    }

    @Override
    public String toString() {
        if (usesFwmark()) {
            return "FWM " + fwmark + (family == Family.INET6 ? " IPv6" : "");
        }
        String a = family == Family.INET6 ? "[" + address + "]" : address.text();
        return protocol.label() + " " + a + ":" + port;
    }
}
