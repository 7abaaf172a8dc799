package io.jlvs.core.service;

import java.util.Objects;

/**
 * How a service passes the client's address to its real servers: the {@link ClientAddressMode}, and
 * for TOA which segments carry the option and under which kind an IPv6 address travels. The real
 * server's reader decides the last two: alibaba's {@code toa} module takes the option from the
 * segment that completes the handshake and knows IPv6 as kind 253; DPVS's reads kind 254 with the
 * IPv6 layout; a server reading its saved SYN ({@code TCP_SAVED_SYN}) needs the option in the SYN.
 *
 * @param mode none, TOA, PROXY v1 or v2
 * @param toaInSyn the client's SYN carries the TOA option as well (alibaba/LVS always puts it
 *     there); without it only the segments that acknowledge the server's SYN-ACK do, as in DPVS
 * @param toaIpv6Kind the option kind of the IPv6 form (length 20): {@value #TOA_IPV6_KIND_ALIBABA}
 *     (alibaba, the default) or {@value #TOA_IPV6_KIND_DPVS} (DPVS); IPv4 is always kind 254, length 8
 */
public record ClientAddressSpec(ClientAddressMode mode, boolean toaInSyn, int toaIpv6Kind) {
    /** alibaba/LVS's kind for the IPv6 option ({@code TCPOPT_ADDR_V6}). */
    public static final int TOA_IPV6_KIND_ALIBABA = 253;
    /** DPVS's kind for the IPv6 option, the IPv4 kind with a longer layout. */
    public static final int TOA_IPV6_KIND_DPVS = 254;

    public static final ClientAddressSpec NONE = of(ClientAddressMode.NONE);

    public ClientAddressSpec {
        Objects.requireNonNull(mode, "mode");
        if (toaIpv6Kind != TOA_IPV6_KIND_ALIBABA && toaIpv6Kind != TOA_IPV6_KIND_DPVS) {
            throw new IllegalArgumentException(
                    "TOA IPv6 kind " + toaIpv6Kind + " is neither 253 (alibaba) nor 254 (DPVS)");
        }
        if (mode != ClientAddressMode.TOA && (toaInSyn || toaIpv6Kind != TOA_IPV6_KIND_ALIBABA)) {
            throw new IllegalArgumentException("TOA options given for client-address mode " + mode.keyword());
        }
    }

    /** {@code mode} with the TOA defaults: option after the handshake only, IPv6 as kind 253. */
    public static ClientAddressSpec of(ClientAddressMode mode) {
        return new ClientAddressSpec(mode, false, TOA_IPV6_KIND_ALIBABA);
    }
}
