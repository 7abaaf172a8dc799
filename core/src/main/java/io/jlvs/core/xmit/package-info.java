/**
 * Forwarding transforms, one class per concern of the kernel's {@code ip_vs_xmit.c}: {@link
 * io.jlvs.core.xmit.Nat} (masquerading, {@code -m}), {@link io.jlvs.core.xmit.FullNat} (alibaba's
 * {@code -b}, with its sequence delta), {@link io.jlvs.core.xmit.Tun} (IPIP, {@code -i}, and the
 * "fragmentation needed" answer for any packet too big to forward), {@link io.jlvs.core.xmit.Mss}
 * (MSS clamping), {@link io.jlvs.core.xmit.IcmpRelay} (ICMP errors about a tracked flow, as {@code
 * ip_vs_nat_icmp}) and {@link io.jlvs.core.xmit.IcmpEcho} (pings to a VIP).
 *
 * <p>These sit on the packet path (DESIGN §3): static methods over a {@link
 * io.jlvs.core.packet.ParsedPacket}, no allocation, no exceptions; "does not apply" is a {@code false}
 * or a negative code and leaves the frame untouched. Header edits go through {@link
 * io.jlvs.core.packet.PacketRewriter} and the flyweights so every checksum is updated incrementally
 * (RFC 1624); a transform that grows the packet writes a new frame with a {@link
 * io.jlvs.core.packet.FrameWriter}. Addresses are (hi, lo) pairs in {@link io.jlvs.core.net.InetAddr}
 * form; a transform never changes a packet's family (no NAT64).
 */
package io.jlvs.core.xmit;
