package io.jlvs.daemon.config;

/**
 * A forwarding method with its tunnel options: {@code lvs_method TUN type gue port 6080 csum}. For
 * anything but TUN the tunnel fields keep their defaults (IPIP, port 0, no checksum).
 */
public record LvsMethod(ForwardingMethod method, TunnelType tunnelType, int tunnelPort, TunnelChecksum checksum) {

    public static final LvsMethod NAT = of(ForwardingMethod.NAT);
    public static final LvsMethod DR = of(ForwardingMethod.DR);
    public static final LvsMethod TUN = of(ForwardingMethod.TUN);
    public static final LvsMethod FULLNAT = of(ForwardingMethod.FULLNAT);

    public static LvsMethod of(ForwardingMethod method) {
        return new LvsMethod(method, TunnelType.IPIP, 0, TunnelChecksum.NOCSUM);
    }

    /** The keyword text: {@code NAT}, {@code FNAT}, {@code TUN type gue port 6080 csum}. */
    @Override
    public String toString() {
        if (method != ForwardingMethod.TUN || (tunnelType == TunnelType.IPIP && checksum == TunnelChecksum.NOCSUM)) {
            return method.keyword();
        }
        StringBuilder sb = new StringBuilder("TUN type ").append(tunnelType.keyword());
        if (tunnelType == TunnelType.GUE) {
            sb.append(" port ").append(tunnelPort);
        }
        if (checksum != TunnelChecksum.NOCSUM) {
            sb.append(' ').append(checksum.keyword());
        }
        return sb.toString();
    }
}
