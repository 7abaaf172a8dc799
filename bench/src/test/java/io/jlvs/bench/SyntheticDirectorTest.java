package io.jlvs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.checksum.Checksums;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.PacketParser;
import io.jlvs.core.packet.ParseResult;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.service.ForwardingMethod;
import io.jlvs.core.worker.TxSink;
import io.jlvs.core.worker.Verdict;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fixture the benchmarks start from: after {@code establish}, the flow's data segments in both
 * directions go straight through the worker, rewritten as the method says, with valid checksums.
 */
class SyntheticDirectorTest {
    final MemorySegment frame = Arena.ofAuto().allocate(256);
    final Sent sent = new Sent();

    static final class Sent implements TxSink {
        final List<byte[]> frames = new ArrayList<>();
        final List<Integer> ifs = new ArrayList<>();

        @Override
        public boolean send(int ifIndex, MemorySegment f, long offset, int length) {
            frames.add(f.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE));
            ifs.add(ifIndex);
            return true;
        }

        ParsedPacket only(int expectIf) {
            assertThat(frames).hasSize(1);
            assertThat(ifs.getFirst()).isEqualTo(expectIf);
            byte[] bytes = frames.removeFirst();
            ifs.removeFirst();
            MemorySegment seg = Arena.ofAuto().allocate(bytes.length);
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, seg, 0, bytes.length);
            ParsedPacket p = new ParsedPacket();
            assertThat(PacketParser.parse(seg, 0, bytes.length, p)).isEqualTo(ParseResult.OK);
            assertThat(Checksums.verifyIpv4Header(seg, p.l3Offset())).isTrue();
            assertThat(Checksums.verifyL4(p)).isTrue();
            return p;
        }
    }

    static String addr(long hi, long lo) {
        return InetAddr.format(hi, lo);
    }

    @Test
    void fullNatFlowIsEstablishedAndItsSegmentsAreRewrittenBothWays() {
        SyntheticDirector d = new SyntheticDirector(ForwardingMethod.FULLNAT, 1024);
        SyntheticDirector.Flow flow = d.establish(40000, 0);
        assertThat(addr(flow.replyToHi(), flow.replyToLo())).isEqualTo(SyntheticDirector.LIP);
        assertThat(flow.real()).isZero(); // rr starts at the first real server
        d.worker().beginBatch(d.snapshot(), sent, 1);

        int n = d.clientSegment(flow, 64, frame);
        assertThat(d.worker().process(frame, 0, n, SyntheticDirector.IF_C, 1)).isEqualTo(Verdict.FORWARDED);
        ParsedPacket in = sent.only(SyntheticDirector.IF_S);
        assertThat(addr(in.srcHi(), in.srcLo())).isEqualTo(SyntheticDirector.LIP);
        assertThat(in.srcPort()).isEqualTo(flow.replyToPort());
        assertThat(addr(in.dstHi(), in.dstLo())).isEqualTo(SyntheticDirector.REALS.getFirst());
        assertThat(in.seq()).isEqualTo(flow.serverAck());
        assertThat(in.payloadLength()).isEqualTo(64);
        assertThat(in.dstMac()).isEqualTo(SyntheticDirector.realMac(0));

        n = d.serverSegment(flow, 64, frame);
        assertThat(d.worker().process(frame, 0, n, SyntheticDirector.IF_S, 1)).isEqualTo(Verdict.FORWARDED);
        ParsedPacket out = sent.only(SyntheticDirector.IF_C);
        assertThat(addr(out.srcHi(), out.srcLo())).isEqualTo(SyntheticDirector.VIP);
        assertThat(out.srcPort()).isEqualTo(SyntheticDirector.VPORT);
        assertThat(addr(out.dstHi(), out.dstLo())).isEqualTo(SyntheticDirector.CLIENT);
        assertThat(out.dstPort()).isEqualTo(40000);
        assertThat(out.ack()).isEqualTo(flow.clientSeq());
        assertThat(out.dstMac()).isEqualTo(SyntheticDirector.MAC_CLIENT);
    }

    @Test
    void natFlowRepliesGoToTheClientAndSuccessiveFlowsGoRoundRobin() {
        SyntheticDirector d = new SyntheticDirector(ForwardingMethod.MASQ, 1024);
        List<Integer> reals = new ArrayList<>();
        SyntheticDirector.Flow first = null;
        for (int i = 0; i < 4; i++) {
            SyntheticDirector.Flow f = d.establish(41000 + i, 0);
            first = first == null ? f : first;
            reals.add(f.real());
        }
        assertThat(reals).containsExactly(0, 1, 2, 0);
        assertThat(addr(first.replyToHi(), first.replyToLo())).isEqualTo(SyntheticDirector.CLIENT);
        assertThat(first.replyToPort()).isEqualTo(41000);
        assertThat(d.worker().connections().size()).isEqualTo(4);

        d.worker().beginBatch(d.snapshot(), sent, 1);
        int n = d.serverSegment(first, 10, frame);
        assertThat(d.worker().process(frame, 0, n, SyntheticDirector.IF_S, 1)).isEqualTo(Verdict.FORWARDED);
        ParsedPacket out = sent.only(SyntheticDirector.IF_C);
        assertThat(addr(out.srcHi(), out.srcLo())).isEqualTo(SyntheticDirector.VIP);
        assertThat(out.seq()).isEqualTo(first.serverSeq());
    }

    @Test
    void clientSynIsAFreshConnectionForTheWorker() {
        SyntheticDirector d = new SyntheticDirector(ForwardingMethod.MASQ, 1024);
        d.establish(42000, 0); // resolves real server 1
        d.worker().beginBatch(d.snapshot(), sent, 1);
        int n = d.clientSyn(0xC612_0014, 5555, 77, frame, 0, 256);
        // rr: the second connection goes to real server 2, whose MAC is not known yet.
        assertThat(d.worker().process(frame, 0, n, SyntheticDirector.IF_C, 1)).isEqualTo(Verdict.QUEUED);
        assertThat(d.worker().connections().size()).isEqualTo(2);
    }
}
