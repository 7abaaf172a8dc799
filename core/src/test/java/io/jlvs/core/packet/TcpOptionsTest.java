package io.jlvs.core.packet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.testframes.Bytes;
import io.jlvs.core.testframes.RandomFrames;
import io.jlvs.core.testframes.RefDecoder;
import io.jlvs.core.testframes.RefFrame;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class TcpOptionsTest {
    private final ParsedPacket p = new ParsedPacket();
    private MemorySegment segment;

    /** An IPv4/TCP frame with these option bytes, parsed; the TCP header is at p.l4Offset(). */
    private byte[] frameWith(byte[] options) {
        RefFrame f = new RefFrame();
        f.tcpOptions = options;
        f.payload = new byte[] {1, 2, 3};
        byte[] frame = f.encode();
        segment = MemorySegment.ofArray(frame);
        assertThat(PacketParser.parse(segment, 0, frame.length, p)).isEqualTo(ParseResult.OK);
        return frame;
    }

    private static byte[] sack(int... edges) {
        byte[] o = new byte[2 + 4 * edges.length];
        o[0] = 5;
        o[1] = (byte) o.length;
        for (int i = 0; i < edges.length; i++) {
            Bytes.put32(o, 2 + 4 * i, edges[i]);
        }
        return o;
    }

    private static void assertChecksumsExact(byte[] frame) {
        RefDecoder.Decoded d = RefDecoder.decode(frame);
        assertThat(d.storedL4Checksum).isEqualTo(d.expectedL4Checksum);
    }

    @Test
    void iteratesTheCommonSynOptions() {
        byte[] ts = new byte[10];
        ts[0] = 8;
        ts[1] = 10;
        Bytes.put32(ts, 2, 0x11223344);
        Bytes.put32(ts, 6, 0x55667788);
        frameWith(Bytes.concat(new byte[] {2, 4, 0x05, (byte) 0xB4, 4, 2}, ts, new byte[] {1, 3, 3, 7}));
        TcpOptions o = p.tcpOptions();
        assertThat(o.next()).isEqualTo(TcpOptions.MSS);
        assertThat(o.mss()).isEqualTo(1460);
        assertThat(o.optionOffset()).isEqualTo(p.l4Offset() + 20);
        assertThat(o.next()).isEqualTo(TcpOptions.SACK_PERMITTED);
        assertThat(o.next()).isEqualTo(TcpOptions.TIMESTAMPS);
        assertThat(o.tsVal()).isEqualTo(0x11223344);
        assertThat(o.tsEcr()).isEqualTo(0x55667788);
        assertThat(o.next()).as("NOP passed over").isEqualTo(TcpOptions.WINDOW_SCALE);
        assertThat(o.windowScale()).isEqualTo(7);
        assertThat(o.optionLength()).isEqualTo(3);
        assertThat(o.next()).isEqualTo(TcpOptions.END);
        assertThat(o.next()).isEqualTo(TcpOptions.END);
        assertThat(o.findMss()).isEqualTo(1460);
    }

    @Test
    void readsSackBlocksAndSkipsUnknownKinds() {
        byte[] unknown = {(byte) 254, 8, 0, 80, 10, 0, 0, 1}; // a TOA-like option
        frameWith(Bytes.concat(new byte[] {1, 1}, sack(100, 200, 300, 400), unknown));
        TcpOptions o = p.tcpOptions();
        assertThat(o.next()).isEqualTo(TcpOptions.SACK);
        assertThat(o.sackBlockCount()).isEqualTo(2);
        assertThat(o.sackLeft(0)).isEqualTo(100);
        assertThat(o.sackRight(0)).isEqualTo(200);
        assertThat(o.sackLeft(1)).isEqualTo(300);
        assertThat(o.sackRight(1)).isEqualTo(400);
        assertThat(o.next()).isEqualTo(254);
        assertThat(o.optionLength()).isEqualTo(8);
        assertThat(o.next()).isEqualTo(TcpOptions.END);
        assertThat(o.findMss()).isEqualTo(TcpOptions.ABSENT);
    }

    @Test
    void eolEndsTheListWhateverFollows() {
        frameWith(new byte[] {2, 4, 1, 0, 0, 5, 0, 0}); // MSS, EOL, then bytes that would be a bad SACK
        TcpOptions o = p.tcpOptions();
        assertThat(o.next()).isEqualTo(TcpOptions.MSS);
        assertThat(o.next()).isEqualTo(TcpOptions.END);
        assertThat(o.validate()).isEqualTo(ParseResult.OK);
    }

    @Test
    void badLengthsAreMalformedNotExceptions() {
        byte[][] bad = {
            {2, 0, 0, 0}, // length 0
            {30, 1, 0, 0}, // length 1
            {1, 1, 1, 2}, // kind with no length byte
            {30, 9, 0, 0}, // overruns the option space
            {2, 3, 5, 1}, // MSS with length 3
            {3, 4, 7, 0}, // window scale with length 4
            {8, 8, 0, 0, 0, 0, 0, 0}, // timestamps with length 8
            {5, 6, 0, 0, 0, 0, 1, 1}, // SACK with a half block
            {5, 2, 1, 1}, // SACK with no blocks
        };
        for (byte[] options : bad) {
            RefFrame f = new RefFrame();
            f.tcpOptions = options;
            byte[] frame = f.encode();
            MemorySegment s = MemorySegment.ofArray(frame);
            assertThat(PacketParser.parse(s, 0, frame.length, p)).isEqualTo(ParseResult.BAD_TCP_OPTION);
            TcpOptions o = new TcpOptions().wrap(s, 34);
            int k;
            do {
                k = o.next();
            } while (k >= 0);
            assertThat(k).isEqualTo(TcpOptions.MALFORMED);
            assertThat(o.next()).as("stays stopped").isEqualTo(TcpOptions.END);
            assertThat(o.findMss()).isEqualTo(TcpOptions.MALFORMED);
            assertThat(o.shiftSackEdges(1)).isEqualTo(TcpOptions.MALFORMED);
        }
    }

    @Test
    void rewritesMssAtEvenAndOddOffsets() {
        for (byte[] lead : new byte[][] {{}, {1}, {1, 1}, {1, 1, 1}}) {
            byte[] frame = frameWith(Bytes.concat(lead, new byte[] {2, 4, 0x05, (byte) 0xB4}));
            TcpOptions o = p.tcpOptions();
            assertThat(o.replaceMss(1452)).isEqualTo(1460);
            assertChecksumsExact(frame);
            RefDecoder.Decoded d = RefDecoder.decode(frame);
            assertThat(Bytes.u16(d.tcpOptions.getFirst().data(), 0)).isEqualTo(1452);
            assertThat(o.findMss()).isEqualTo(1452);
        }
        frameWith(new byte[] {4, 2});
        assertThat(p.tcpOptions().replaceMss(1000)).isEqualTo(TcpOptions.ABSENT);
    }

    @Test
    void shiftsSackEdgesAtEvenAndOddOffsets() {
        for (byte[] lead : new byte[][] {{}, {1}, {1, 1}, {1, 1, 1}}) {
            byte[] frame = frameWith(Bytes.concat(lead, sack(-10, 20, 0x7FFFFFF0, 0x7FFFFFFF, 5, 6)));
            assertThat(p.tcpOptions().shiftSackEdges(100)).isEqualTo(6);
            assertChecksumsExact(frame);
            byte[] data = RefDecoder.decode(frame).tcpOptions.getFirst().data();
            assertThat(Bytes.u32(data, 0)).isEqualTo(90);
            assertThat(Bytes.u32(data, 4)).isEqualTo(120);
            assertThat(Bytes.u32(data, 8)).isEqualTo(0x80000054); // wraps like sequence space
            assertThat(Bytes.u32(data, 20)).isEqualTo(106);
        }
    }

    @Test
    void rewritesTimestampsAndNopsOptionsOut() {
        byte[] ts = new byte[10];
        ts[0] = 8;
        ts[1] = 10;
        Bytes.put32(ts, 2, 7);
        for (byte[] lead : new byte[][] {{}, {1}, {2, 4, 1, 0, 1}}) {
            byte[] frame = frameWith(Bytes.concat(lead, ts));
            TcpOptions o = p.tcpOptions();
            while (o.next() != TcpOptions.TIMESTAMPS) {}
            o.rewriteTsVal(0xABCDEF01).rewriteTsEcr(42);
            assertChecksumsExact(frame);
            assertThat(o.tsVal()).isEqualTo(0xABCDEF01);
            assertThat(o.tsEcr()).isEqualTo(42);
            o.nopOut();
            assertChecksumsExact(frame);
            o.rewind();
            int k;
            while ((k = o.next()) >= 0) {
                assertThat(k).isNotEqualTo(TcpOptions.TIMESTAMPS);
            }
            assertThat(k).isEqualTo(TcpOptions.END);
        }
    }

    @Test
    void rewritesSingleSackEdges() {
        byte[] frame = frameWith(Bytes.concat(new byte[] {1}, sack(1, 2)));
        TcpOptions o = p.tcpOptions();
        o.next();
        o.rewriteSackLeft(0, 1000).rewriteSackRight(0, 2000);
        assertChecksumsExact(frame);
        assertThat(o.sackLeft(0)).isEqualTo(1000);
        assertThat(o.sackRight(0)).isEqualTo(2000);
        o.sackLeft(0, 5).sackRight(0, 6).mss(0); // raw setters leave the checksum alone
        RefDecoder.Decoded d = RefDecoder.decode(frame);
        assertThat(d.storedL4Checksum).isNotEqualTo(d.expectedL4Checksum);
    }

    @Property(tries = 300)
    void iterationAgreesWithTheReferenceDecoder(@ForAll @IntRange(max = Integer.MAX_VALUE) int seed) {
        byte[] options = RandomFrames.tcpOptions(new Random(seed));
        byte[] frame = frameWith(options);
        List<Integer> kinds = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        TcpOptions o = p.tcpOptions();
        for (int k = o.next(); k >= 0; k = o.next()) {
            kinds.add(k);
            lengths.add(o.optionLength());
        }
        RefDecoder.Decoded d = RefDecoder.decode(frame);
        assertThat(kinds)
                .containsExactlyElementsOf(
                        d.tcpOptions.stream().map(RefDecoder.Option::kind).toList());
        assertThat(lengths)
                .containsExactlyElementsOf(
                        d.tcpOptions.stream().map(x -> x.data().length + 2).toList());
    }

    @Property(tries = 1000)
    void randomOptionBytesNeverThrowAndStayInside(@ForAll @Size(max = 40) byte[] options) {
        byte[] padded = new byte[20 + ((options.length + 3) & ~3)];
        System.arraycopy(options, 0, padded, 20, options.length);
        MemorySegment s = MemorySegment.ofArray(padded);
        TcpOptions o = new TcpOptions().wrap(s, 0, padded.length - 20);
        int steps = 0;
        for (int k = o.next(); k >= 0; k = o.next()) {
            assertThat(o.optionOffset() + o.optionLength()).isLessThanOrEqualTo(padded.length);
            assertThat(++steps).isLessThanOrEqualTo(20);
        }
        o.validate();
        o.findMss();
        o.shiftSackEdges(3);
    }
}
