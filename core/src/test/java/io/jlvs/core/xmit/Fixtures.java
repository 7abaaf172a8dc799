package io.jlvs.core.xmit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RefDecoder;
import io.jlvs.core.testframes.RefFrame;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.Random;

/** Test helpers: addresses between InetAddr and byte[] form, parsing, checksum assertions. */
final class Fixtures {
    static final int ACK = 0x10;
    static final int SYN = 0x02;

    private Fixtures() {}

    /** An address as RefFrame wants it. */
    static byte[] bytes(long[] a) {
        return InetAddr.isV4(a[0], a[1]) ? Bytes.v4(InetAddr.v4(a[1])) : Bytes.v6(a[0], a[1]);
    }

    /** An address of RefFrame / RefDecoder as {hi, lo}. */
    static long[] addr(byte[] b) {
        if (b.length == 4) {
            return new long[] {0, InetAddr.v4Lo(Bytes.u32(b, 0))};
        }
        return new long[] {Bytes.u64(b, 0), Bytes.u64(b, 8)};
    }

    static long[] addr(String text) {
        return InetAddr.parse(text);
    }

    /** A random unicast address of the family; IPv6 never IPv4-mapped. */
    static long[] randomAddr(Random r, boolean v6) {
        if (!v6) {
            return new long[] {0, InetAddr.v4Lo(0x0A00_0000 | (r.nextInt() & 0x00FF_FFFF))};
        }
        return new long[] {0x2001_0DB8_0000_0000L | (r.nextLong() & 0xFFFF_FFFFL), r.nextLong()};
    }

    /** Parses a frame held in {@code frame} itself (rewrites land in the array). */
    static ParsedPacket parse(byte[] frame) {
        ParsedPacket p = new ParsedPacket();
        assertThat(PacketParser.parse(MemorySegment.ofArray(frame), 0, frame.length, p))
                .as("test frame parses")
                .isEqualTo(ParseResult.OK);
        return p;
    }

    /** The IP datagram of an Ethernet frame without VLAN tags, padding excluded. */
    static byte[] datagram(byte[] frame) {
        RefDecoder.Decoded d = RefDecoder.decode(frame);
        return Bytes.slice(frame, d.l3Offset, d.l3Offset + d.ipTotalLength);
    }

    /** Every checksum the decoded frame carries equals the reference's full recompute. */
    static RefDecoder.Decoded assertChecksums(byte[] frame) {
        RefDecoder.Decoded d = RefDecoder.decode(frame);
        if (d.ipVersion == 4) {
            assertThat(d.storedIpChecksum).as("IPv4 header checksum").isEqualTo(d.expectedIpChecksum);
        }
        if (d.protocol == 17 && d.ipVersion == 4 && d.storedL4Checksum == 0) {
            return d; // sent without a UDP checksum, and must stay so
        }
        if (d.expectedL4Checksum >= 0) {
            assertThat(d.storedL4Checksum).as("L4 checksum").isEqualTo(d.expectedL4Checksum);
        }
        return d;
    }

    /**
     * TCP options: {@code nops} NOPs (to put what follows at any alignment), then a SACK option with the
     * given edges (pairs), then optionally a timestamps option.
     */
    static byte[] sackOptions(int nops, int[] edges, boolean timestamps, int tsVal) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < nops; i++) {
            out.write(1);
        }
        if (edges.length > 0) {
            out.write(5);
            out.write(2 + 4 * edges.length);
            for (int e : edges) {
                byte[] b = new byte[4];
                Bytes.put32(b, 0, e);
                out.writeBytes(b);
            }
        }
        if (timestamps) {
            byte[] ts = new byte[10];
            ts[0] = 8;
            ts[1] = 10;
            Bytes.put32(ts, 2, tsVal);
            Bytes.put32(ts, 6, ~tsVal);
            out.writeBytes(ts);
        }
        return out.toByteArray();
    }

    /** A plain TCP or UDP frame between two endpoints. */
    static RefFrame frame(long[] src, int srcPort, long[] dst, int dstPort, int protocol) {
        RefFrame f = new RefFrame();
        f.ipVersion = InetAddr.isV4(src[0], src[1]) ? 4 : 6;
        f.src = bytes(src);
        f.dst = bytes(dst);
        f.srcPort = srcPort;
        f.dstPort = dstPort;
        f.protocol = protocol;
        return f;
    }
}
