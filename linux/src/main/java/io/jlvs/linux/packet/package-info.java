/**
 * AF_PACKET packet I/O: {@link io.jlvs.linux.packet.AfPacketSocket} (RX and TX rings on one
 * interface, in the layout of a {@link io.jlvs.linux.packet.TpacketVersion}), its sizes ({@link
 * io.jlvs.linux.packet.PacketRingConfig}), and the
 * classic BPF fanout programs that keep both directions of a flow on one worker ({@link
 * io.jlvs.linux.packet.FanoutProgram}, assembled by {@link io.jlvs.linux.packet.CbpfAssembler}).
 *
 * <h2>Offloads (PACKET_VNET_HDR)</h2>
 *
 * With offloads on ({@link io.jlvs.linux.packet.PacketRingConfig#offloads()}, the default) every
 * frame comes with the kernel's {@code struct virtio_net_hdr} and the interfaces may keep TSO, GSO,
 * GRO and checksum offload on. Measured on kernel 6.18 with {@code bench/gso-probe.py} (findings
 * and commands: {@code bench/results/gso-probe-2026-11-25.md}):
 *
 * <ul>
 *   <li>RX, TPACKET_V2: a TSO sender's frames arrive as GSO super-frames (gso_type TCPV4/TCPV6,
 *       gso_size the MSS, NEEDS_CSUM with csum_start at the TCP header, csum_offset 16) of up to
 *       65 226 bytes; small frames come with NEEDS_CSUM too when the sender offloads its checksum.
 *       The header sits right before the frame in its slot ({@code tp_mac − 10}).
 *   <li>A frame longer than its slot is cut to the slot; with {@code PACKET_COPY_THRESH} set the
 *       slot says {@code TP_STATUS_COPY} and the whole frame (header in front) is queued on the
 *       socket for {@code recvfrom}, in ring order, as long as the receive allocation is under
 *       {@code SO_RCVBUF}. So slots stay 2 KiB (8 MiB per ring) and one 64 KiB buffer per socket
 *       takes super-frames; slots of 64 KiB would cost 256 MiB per ring.
 *   <li>TX: {@code tpacket_snd} takes the header in front of each slot's frame and, with it, no
 *       longer caps a frame at the MTU, but a slot still caps it at its size; and with a TX ring
 *       mapped the kernel sends only from the ring. So super-frames leave through a second socket
 *       without a ring ({@code writev}: header, frame), after the ring's queued frames are flushed
 *       so a flow keeps its order. The kernel accepted 64 KiB TCP GSO frames and the receiver got
 *       every byte (SHA-256 over 64 MiB).
 *   <li>TPACKET_V3 has no copy path: a super-frame longer than a block is lost. Offloads need V2.
 * </ul>
 */
package io.jlvs.linux.packet;
