package io.jlvs.daemon.kernel;

import java.util.List;

/**
 * What the director's kernel must not process on one interface, because jlvsd's AF_PACKET taps
 * consume it (DESIGN.md §3a: without the drop the kernel routes and drops each frame itself, 1.01
 * instead of 1.46 Mpps). Addresses are textual IPv4/IPv6 literals.
 *
 * @param device the interface name
 * @param ownedAddresses VIPs and local addresses jlvsd owns on this side: every frame to them
 * @param realServerReplies NAT replies: frames from a real server's service port, unless they are
 *     addressed to the director itself (health-check replies must reach its kernel)
 * @param directorAddresses the director kernel's own addresses, exempt from the reply rule
 */
public record IngressPlan(
        String device,
        List<String> ownedAddresses,
        List<RealServerPort> realServerReplies,
        List<String> directorAddresses) {

    public IngressPlan {
        ownedAddresses = List.copyOf(ownedAddresses);
        realServerReplies = List.copyOf(realServerReplies);
        directorAddresses = List.copyOf(directorAddresses);
    }

    /** A real server's (address, protocol, port): the source of its NAT replies. */
    public record RealServerPort(String address, String protocol, int port) {
        public RealServerPort {
            if (!protocol.equals("tcp") && !protocol.equals("udp")) {
                throw new IllegalArgumentException("protocol must be tcp or udp, not " + protocol);
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }
}
