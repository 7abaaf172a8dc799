package io.jlvs.core.packet;

/** IP protocol / IPv6 next-header numbers (IANA "Assigned Internet Protocol Numbers"). */
public final class IpProtocol {
    public static final int HOPOPT = 0;
    public static final int ICMP = 1;
    /** IPv4-in-IP, the IPVS tunnel (-i) encapsulation. */
    public static final int IPIP = 4;

    public static final int TCP = 6;
    public static final int UDP = 17;
    /** IPv6-in-IP. */
    public static final int IPV6 = 41;

    public static final int IPV6_ROUTE = 43;
    public static final int IPV6_FRAG = 44;
    public static final int ESP = 50;
    public static final int AH = 51;
    public static final int ICMPV6 = 58;
    public static final int IPV6_NONXT = 59;
    public static final int IPV6_OPTS = 60;
    public static final int MOBILITY = 135;
    public static final int HIP = 139;
    public static final int SHIM6 = 140;

    private IpProtocol() {}
}
