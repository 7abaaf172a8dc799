package io.jlvs.it.forward;

import io.jlvs.it.lab.Lab;

/** The keepalived text of one lab virtual service, as the forwarding ITs configure jlvsd. */
final class VirtualServerText {
    private VirtualServerText() {}

    /** The local address group {@code lips} FNAT services use: the lab's first IPv4 and its IPv6 one. */
    static void localAddresses(Lab lab, StringBuilder sb) {
        sb.append("local_address_group lips {\n  ")
                .append(lab.get("LADDR4").split(" ")[0])
                .append("\n  ")
                .append(lab.get("LADDR6"))
                .append("\n}\n");
    }

    /**
     * Appends a {@code virtual_server} for {@code vip}:{@code port} (rr, {@code method} as {@code
     * lb_kind}; FNAT from the local address group {@code lips}) over the lab's real servers named by
     * {@code reals} (plan keys such as {@code RS1_4}), weight 1 each, on the same port.
     */
    static void append(Lab lab, StringBuilder sb, String method, String vip, String proto, int port, String[] reals) {
        sb.append("virtual_server ")
                .append(vip)
                .append(' ')
                .append(port)
                .append(" {\n")
                .append("  lb_algo rr\n  lb_kind ")
                .append(method)
                .append("\n  protocol ")
                .append(proto)
                .append('\n');
        if (method.equals("FNAT")) {
            sb.append("  laddr_group_name lips\n");
        }
        for (String r : reals) {
            sb.append("  real_server ")
                    .append(lab.get(r))
                    .append(' ')
                    .append(port)
                    .append(" { weight 1 }\n");
        }
        sb.append("}\n");
    }
}
