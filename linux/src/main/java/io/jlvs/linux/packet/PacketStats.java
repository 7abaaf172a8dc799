package io.jlvs.linux.packet;

/**
 * The kernel's counters for one packet socket since the previous read (PACKET_STATISTICS resets
 * them), struct tpacket_stats_v3.
 *
 * @param packets frames the socket was offered, drops included (the kernel adds them in)
 * @param drops frames lost because the RX ring had no free block
 * @param freezes times the ring filled up and the kernel froze the queue until a block came back
 */
public record PacketStats(long packets, long drops, long freezes) {}
