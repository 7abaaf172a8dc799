/**
 * Packet codecs: flyweights that {@code wrap} frame memory at an offset and read or rewrite header
 * fields in place, a parser that decodes a frame into a reusable {@link
 * io.jlvs.core.packet.ParsedPacket}, a rewriter that changes addresses, ports and sequence numbers
 * with incremental checksums, and a {@link io.jlvs.core.packet.FrameWriter} for frames the director
 * originates. Nothing here allocates per packet or throws on malformed input: a bad frame is a drop
 * reason from {@link io.jlvs.core.packet.ParseResult}.
 */
package io.jlvs.core.packet;
