/**
 * AF_PACKET packet I/O: {@link io.jlvs.linux.packet.AfPacketSocket} (RX and TX rings on one
 * interface, in the layout of a {@link io.jlvs.linux.packet.TpacketVersion}), its sizes ({@link
 * io.jlvs.linux.packet.PacketRingConfig}), and the
 * classic BPF fanout programs that keep both directions of a flow on one worker ({@link
 * io.jlvs.linux.packet.FanoutProgram}, assembled by {@link io.jlvs.linux.packet.CbpfAssembler}).
 */
package io.jlvs.linux.packet;
