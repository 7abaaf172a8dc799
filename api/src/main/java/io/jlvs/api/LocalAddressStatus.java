package io.jlvs.api;

import java.util.Objects;

/**
 * A FULLNAT local address of a service (alibaba {@code -P/-G}) and its use.
 *
 * @param portConflicts times a local port was found taken when opening a connection
 * @param conns connections currently using this local address
 */
public record LocalAddressStatus(Address address, long portConflicts, long conns) {
    public LocalAddressStatus {
        Objects.requireNonNull(address, "address");
    }
}
