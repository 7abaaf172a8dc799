package io.jlvs.linux.iface;

import io.jlvs.core.net.InetAddr;

/**
 * An address configured on an interface, in the {@link InetAddr} two-long form.
 *
 * @param prefixLength in the address's own family: 0..32 for IPv4, 0..128 for IPv6
 * @param scope RT_SCOPE_*: 0 universe, 253 link, 254 host
 */
public record IfAddress(long hi, long lo, int prefixLength, int scope) {
    public static final int SCOPE_UNIVERSE = 0;
    public static final int SCOPE_LINK = 253;
    public static final int SCOPE_HOST = 254;

    public boolean isV4() {
        return InetAddr.isV4(hi, lo);
    }

    /** {@code 10.0.0.1/24}, {@code 2001:db8::1/64}: the form {@code ip addr} prints. */
    @Override
    public String toString() {
        return InetAddr.format(hi, lo) + "/" + prefixLength;
    }
}
