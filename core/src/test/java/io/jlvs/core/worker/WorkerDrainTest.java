package io.jlvs.core.worker;

import static io.jlvs.core.worker.WorkerTest.CLIENT;
import static io.jlvs.core.worker.WorkerTest.IF_C;
import static io.jlvs.core.worker.WorkerTest.IF_S;
import static io.jlvs.core.worker.WorkerTest.LIP;
import static io.jlvs.core.worker.WorkerTest.MAC_C;
import static io.jlvs.core.worker.WorkerTest.MAC_CLIENT;
import static io.jlvs.core.worker.WorkerTest.MAC_S;
import static io.jlvs.core.worker.WorkerTest.RS;
import static io.jlvs.core.worker.WorkerTest.VIP;
import static io.jlvs.core.worker.WorkerTest.a;
import static io.jlvs.core.worker.WorkerTest.rsMac;
import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.conn.ConnTable;
import io.jlvs.core.drain.DrainFigures;
import io.jlvs.core.drain.Drainer;
import io.jlvs.core.drain.FlowClass;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.EtherType;
import io.jlvs.core.packet.ParsedPacket;
import io.jlvs.core.packet.TcpHeader;
import io.jlvs.core.service.DrainSpec;
import io.jlvs.core.service.ForwardingMethod;
import io.jlvs.core.service.RealServer;
import io.jlvs.core.service.RealState;
import io.jlvs.core.service.ServiceTable;
import io.jlvs.core.service.VirtualService;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Draining on synthetic frames: idle flows closed towards the server with a FIN in the client's
 * name and the sequence shift that follows, requests crossing a close answered with exact resets,
 * busy flows closed at their acknowledgement instant, deadline resets, expire_nodest_conn resets,
 * and no allocation on any of these paths. Every frame sent is parsed back with its checksums
 * verified.
 */
class WorkerDrainTest {
    static final int ACK = TcpHeader.ACK;
    static final int PSH_ACK = 0x18;
    static final int FIN_ACK = TcpHeader.FIN | TcpHeader.ACK;
    static final int RST_ACK = TcpHeader.RST | TcpHeader.ACK;

    final WorkerTest h = new WorkerTest();
    final WorkerTest.Capture tx = h.tx;

    /** The worker's snapshot with real server 0 of every service in {@code state} (draining under {@code spec}). */
    static Snapshot with(Snapshot s, ForwardingMethod method, DrainSpec spec, RealState state, boolean expireNodest) {
        VirtualService.Builder svc = VirtualService.tcp(VIP, 80).scheduler("rr");
        VirtualService.Builder udp = VirtualService.udp(VIP, 53).scheduler("rr");
        for (int i = 0; i < 3; i++) {
            RealServer.Builder t = RealServer.at(RS[i], 80).weight(1).method(method);
            RealServer.Builder u = RealServer.at(RS[i], 53).weight(1).method(method);
            if (i == 0) {
                if (spec != null) {
                    t.drain(spec);
                    u.drain(spec);
                } else {
                    t.state(state);
                    u.state(state);
                }
            }
            svc.real(t);
            udp.real(u);
        }
        if (method == ForwardingMethod.FULLNAT) {
            svc.localAddress(LIP);
            udp.localAddress(LIP);
        }
        ServiceTable services =
                ServiceTable.builder(s.services()).service(svc).service(udp).build();
        return new Snapshot(
                s.version() + 1,
                services,
                s.routes(),
                s.interfaces(),
                s.owned(),
                s.timeouts(),
                expireNodest,
                false,
                s.connReuseMode(),
                s.synProxy());
    }

    /** A worker whose only services are TCP and UDP on the VIP (so the snapshots above keep their indices). */
    Worker worker(ForwardingMethod method) {
        Snapshot base = WorkerTest.snapshot(method, "rr");
        Snapshot s = with(base, method, null, RealState.UP, false);
        Worker wk = new Worker(
                0, 1, WorkerConfig.defaults().withConnCapacity(1 << 14).withSeed(7), s, 0);
        wk.beginBatch(s, tx, 0);
        return wk;
    }

    /** Server-side view of one established NAT flow: the tuple the real server sees. */
    record Flow(String serverSideDst, int serverSidePort) {}

    /**
     * Client port 40000 to real server 0: handshake, a 100-byte request, a 200-byte response, and
     * the client's ACK of it (unless {@code ackResponse} is false). Client ISN 1000, server ISN 5000.
     */
    Flow establish(Worker wk, ForwardingMethod method, boolean ackResponse) {
        h.syn(wk, CLIENT, 40000, VIP, 0);
        resolve(wk, IF_S, RS[0], rsMac(0), 0);
        ParsedPacket synOut = tx.take(IF_S);
        String dst = InetAddr.format(synOut.srcHi(), synOut.srcLo());
        int port = synOut.srcPort();
        int isn = synOut.seq(); // FULLNAT shifts the client's ISN
        h.tcp(wk, IF_S, rsMac(0), MAC_S, RS[0], 80, dst, port, 5000, isn + 1, 0x12, 0, 1);
        resolve(wk, IF_C, CLIENT, MAC_CLIENT, 1);
        tx.take(IF_C);
        client(wk, 1001, 5001, PSH_ACK, 100, 2);
        tx.take(IF_S);
        h.tcp(wk, IF_S, rsMac(0), MAC_S, RS[0], 80, dst, port, 5001, isn + 101, PSH_ACK, 200, 3);
        tx.take(IF_C);
        if (ackResponse) {
            client(wk, 1101, 5201, ACK, 0, 4);
            tx.take(IF_S);
        }
        assertThat(method == ForwardingMethod.FULLNAT || dst.equals(CLIENT)).isTrue();
        return new Flow(dst, port);
    }

    /** Answers the worker's ARP probe for {@code addr}, if it sent one (it may know the MAC already). */
    void resolve(Worker wk, int ifIndex, String addr, long mac, long now) {
        if (!tx.frames.isEmpty() && WorkerTest.parse(tx.frames.get(0)).etherType() == EtherType.ARP) {
            h.answerProbe(wk, ifIndex, addr, mac, now);
        }
    }

    int client(Worker wk, int seq, int ack, int flags, int payload, long now) {
        return h.tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, 40000, VIP, 80, seq, ack, flags, payload, now);
    }

    static void steps(Worker wk, Snapshot s, TxSink sink, long from, long to) {
        for (long t = from; t <= to; t++) {
            wk.beginBatch(s, sink, t);
        }
    }

    int conn(Worker wk) {
        return wk.connections().lookupIn(6, 0, a(CLIENT)[1], 40000, 0, a(VIP)[1], 80);
    }

    @Test
    void anIdleFlowIsClosedInTheClientsNameAndARequestCrossingTheCloseIsResetExactly() {
        for (ForwardingMethod method : new ForwardingMethod[] {ForwardingMethod.MASQ, ForwardingMethod.FULLNAT}) {
            Worker wk = worker(method);
            Flow f = establish(wk, method, true);
            int id = conn(wk);
            int delta = wk.connections().seqDelta(id);
            Snapshot draining = with(wk.snapshot(), method, new DrainSpec(10_000, 100, 5_000, 1000), null, false);

            steps(wk, draining, tx, 10, 60);
            assertThat(tx.frames)
                    .as("quiet for less than the idle grace: left alone")
                    .isEmpty();
            assertThat(wk.drainer().figures().flows(0, FlowClass.PAUSED)).isEqualTo(1);

            steps(wk, draining, tx, 105, 140);
            ParsedPacket fin = tx.take(IF_S);
            assertThat(tx.frames).isEmpty();
            assertThat(InetAddr.format(fin.dstHi(), fin.dstLo())).isEqualTo(RS[0]);
            assertThat(InetAddr.format(fin.srcHi(), fin.srcLo())).isEqualTo(f.serverSideDst());
            assertThat(fin.srcPort()).isEqualTo(f.serverSidePort());
            assertThat(fin.tcpFlags()).isEqualTo(FIN_ACK);
            assertThat(fin.seq()).isEqualTo(1101 + delta);
            assertThat(fin.ack()).isEqualTo(5201);
            assertThat(wk.drainer().figures().counter(0, DrainFigures.CLOSED)).isEqualTo(1);

            // The server closes too: its FIN acknowledges ours, which the client never sent.
            h.tcp(
                    wk,
                    IF_S,
                    rsMac(0),
                    MAC_S,
                    RS[0],
                    80,
                    f.serverSideDst(),
                    f.serverSidePort(),
                    5201,
                    1102 + delta,
                    FIN_ACK,
                    0,
                    150);
            ParsedPacket serverFin = tx.take(IF_C);
            assertThat(serverFin.tcpFlags()).isEqualTo(FIN_ACK);
            assertThat(serverFin.ack()).as("shifted back by the FIN jlvs sent").isEqualTo(1101);
            assertThat(InetAddr.format(serverFin.dstHi(), serverFin.dstLo())).isEqualTo(CLIENT);

            // The client's next request crossed the close: both ends are reset at their exact
            // receive points, the request never reaches the server.
            assertThat(client(wk, 1101, 5202, PSH_ACK, 50, 151)).isEqualTo(Verdict.DROPPED);
            ParsedPacket toServer = tx.take(IF_S);
            assertThat(toServer.tcpFlags()).isEqualTo(RST_ACK);
            assertThat(toServer.seq()).isEqualTo(1102 + delta);
            assertThat(toServer.payloadLength()).isZero();
            ParsedPacket toClient = tx.take(IF_C);
            assertThat(toClient.tcpFlags()).isEqualTo(RST_ACK);
            assertThat(toClient.seq()).isEqualTo(5202);
            assertThat(InetAddr.format(toClient.srcHi(), toClient.srcLo())).isEqualTo(VIP);
            assertThat(toClient.srcPort()).isEqualTo(80);
            assertThat(conn(wk)).as("the flow is gone").isNegative();
            assertThat(wk.drainer().figures().counter(0, DrainFigures.CROSSED)).isEqualTo(1);
            assertThat(wk.counters().drops[DropReason.DRAIN_CROSSED]).isEqualTo(1);
        }
    }

    /** A client segment advertising {@code window}. */
    int clientWindow(Worker wk, int seq, int ack, int flags, int window, long now) {
        long[] c = a(CLIENT);
        long[] v = a(VIP);
        int n = h.w.begin(h.buf, 0, 4096)
                .ethernet(MAC_C, MAC_CLIENT)
                .ip(c[0], c[1], v[0], v[1])
                .tcp(40000, 80, seq, ack, flags, window)
                .finish();
        return wk.process(h.buf, 0, n, IF_C, now);
    }

    int server(Worker wk, int seq, int ack, int flags, int payload, long now) {
        return h.tcp(wk, IF_S, rsMac(0), MAC_S, RS[0], 80, CLIENT, 40000, seq, ack, flags, payload, now);
    }

    /**
     * One request of {@code request} bytes at client sequence {@code seq} (tick {@code now}), its
     * response of {@code response} bytes at server sequence {@code serverSeq} (a tick later), and
     * the client's acknowledgement of it (another tick later), each passed on.
     */
    void exchange(Worker wk, int seq, int serverSeq, int request, int response, long now) {
        client(wk, seq, serverSeq, PSH_ACK, request, now);
        tx.take(IF_S);
        server(wk, serverSeq, seq + request, PSH_ACK, response, now + 1);
        tx.take(IF_C);
        client(wk, seq + request, serverSeq + response, ACK, 0, now + 2);
        tx.take(IF_S);
    }

    @Test
    void aBusyFlowIsClosedInTheGapAfterAResponseFromBusyAfterOn() {
        Worker wk = worker(ForwardingMethod.MASQ);
        establish(wk, ForwardingMethod.MASQ, true); // the response was acknowledged at tick 4
        Snapshot draining =
                with(wk.snapshot(), ForwardingMethod.MASQ, new DrainSpec(10_000, 60_000, 100, 1000), null, false);
        steps(wk, draining, tx, 10, 100);
        assertThat(tx.frames)
                .as("before busy_after: only idle flows are closed")
                .isEmpty();
        assertThat(wk.drainer().figures().flows(0, FlowClass.PAUSED)).isEqualTo(1);
        // A think-time client: request, response, its acknowledgement, then a pause.
        exchange(wk, 1101, 5201, 100, 200, 120);
        steps(wk, draining, tx, 123, 123 + Drainer.GAP_MILLIS - 2);
        assertThat(tx.frames).as("not quiet for the gap yet").isEmpty();
        steps(wk, draining, tx, 123 + Drainer.GAP_MILLIS, 123 + Drainer.GAP_MILLIS);
        ParsedPacket fin = tx.take(IF_S);
        assertThat(fin.tcpFlags()).isEqualTo(FIN_ACK);
        assertThat(fin.seq()).isEqualTo(1201);
        assertThat(fin.ack()).isEqualTo(5401);
        assertThat(wk.drainer().figures().counter(0, DrainFigures.CLOSED)).isEqualTo(1);
    }

    @Test
    void aDownloadTheClientPacesIsNeverClosedHoweverQuiet() {
        Worker wk = worker(ForwardingMethod.MASQ);
        establish(wk, ForwardingMethod.MASQ, false);
        Snapshot draining = with(wk.snapshot(), ForwardingMethod.MASQ, new DrainSpec(10_000, 50, 0, 1000), null, false);
        steps(wk, draining, tx, 10, 30);
        assertThat(tx.frames).as("the response is not acknowledged yet").isEmpty();
        assertThat(wk.drainer().figures().flows(0, FlowClass.IN_FLIGHT)).isEqualTo(1);
        // Everything acknowledged, but the client's buffer is full: the server has more to write.
        assertThat(clientWindow(wk, 1101, 5201, ACK, 0, 31)).isEqualTo(Verdict.FORWARDED);
        tx.take(IF_S);
        steps(wk, draining, tx, 32, 500);
        assertThat(tx.frames).as("quiet for ten idle graces, yet not closed").isEmpty();
        assertThat(wk.drainer().figures().flows(0, FlowClass.STREAMING)).isEqualTo(1);
        // The client reads: its window opens, the server sends the next part at once.
        clientWindow(wk, 1101, 5201, ACK, 1024, 501);
        tx.take(IF_S);
        server(wk, 5201, 1101, ACK, 1000, 501);
        tx.take(IF_C);
        steps(wk, draining, tx, 502, 540);
        assertThat(tx.frames).isEmpty();
        assertThat(wk.drainer().figures().flows(0, FlowClass.IN_FLIGHT)).isEqualTo(1);
    }

    /**
     * A stream (or a response written in parts) on the flow of {@link #establish}: the server sends
     * 100 bytes more after a quiet moment (tick {@code now}), the client acknowledges them a tick later.
     */
    void serverGoesOn(Worker wk, long now) {
        server(wk, 5201, 1101, PSH_ACK, 100, now);
        tx.take(IF_C);
        client(wk, 1101, 5301, ACK, 0, now + 1);
        tx.take(IF_S);
    }

    @Test
    void aServerThatGoesOnByItselfAfterAPauseIsNotClosedInItsPauses() {
        Worker wk = worker(ForwardingMethod.MASQ);
        establish(wk, ForwardingMethod.MASQ, true);
        Snapshot draining =
                with(wk.snapshot(), ForwardingMethod.MASQ, new DrainSpec(10_000, 60_000, 200, 1000), null, false);
        steps(wk, draining, tx, 10, 20);
        serverGoesOn(wk, 21);
        steps(wk, draining, tx, 23, 400);
        assertThat(tx.frames).as("a pause in a stream is no close instant").isEmpty();
        assertThat(wk.drainer().figures().flows(0, FlowClass.STREAMING)).isEqualTo(1);
        // The client's next request ends the stream's response: its gaps are close instants again.
        exchange(wk, 1101, 5301, 10, 20, 401);
        steps(wk, draining, tx, 404, 420);
        assertThat(tx.take(IF_S).tcpFlags()).isEqualTo(FIN_ACK);
    }

    @Test
    void aNewFlowOnTheEntryOfAnEarlierDrainsStreamIsNotTakenForAStream() {
        Worker wk = worker(ForwardingMethod.MASQ);
        establish(wk, ForwardingMethod.MASQ, true);
        int id = conn(wk);
        pastServers1And2(wk, 5);
        // A drain sees the flow stream, and its deadline resets it: the entry is freed.
        Snapshot draining =
                with(wk.snapshot(), ForwardingMethod.MASQ, new DrainSpec(100, 60_000, 60_000, 1000), null, false);
        steps(wk, draining, tx, 10, 20);
        serverGoesOn(wk, 21);
        steps(wk, draining, tx, 23, 30);
        assertThat(wk.drainer().figures().flows(0, FlowClass.STREAMING)).isEqualTo(1);
        steps(wk, draining, tx, 110, 120);
        assertThat(wk.drainer().figures().counter(0, DrainFigures.RESET)).isEqualTo(1);
        assertThat(conn(wk)).isNegative();
        tx.frames.clear();
        tx.ifs.clear();

        // The server is back; a new flow of the client takes the freed entry, on server 0 again.
        Snapshot up = with(draining, ForwardingMethod.MASQ, null, RealState.UP, false);
        wk.beginBatch(up, tx, 130);
        flowFromPort40003(wk, 130);
        assertThat(wk.connections().lookupIn(6, 0, a(CLIENT)[1], 40003, 0, a(VIP)[1], 80))
                .isEqualTo(id);

        // A second drain: the new flow is idle, not the old one's stream, and is closed.
        Snapshot again = with(up, ForwardingMethod.MASQ, new DrainSpec(10_000, 50, 60_000, 1000), null, false);
        steps(wk, again, tx, 140, 200);
        assertThat(wk.drainer().figures().flows(0, FlowClass.STREAMING)).isZero();
        ParsedPacket fin = tx.take(IF_S);
        assertThat(fin.tcpFlags()).isEqualTo(FIN_ACK);
        assertThat(fin.seq()).isEqualTo(3101);
        assertThat(fin.ack()).isEqualTo(7201);
    }

    @Test
    void theNextRequestCarryingTheAcknowledgementWithNoGapIsTheCloseInstantItCrosses() {
        Worker wk = worker(ForwardingMethod.MASQ);
        establish(wk, ForwardingMethod.MASQ, false);
        Snapshot draining =
                with(wk.snapshot(), ForwardingMethod.MASQ, new DrainSpec(10_000, 60_000, 0, 1000), null, false);
        steps(wk, draining, tx, 10, 12);
        // The rest of the response; a saturating client's next request carries its ACK at once.
        server(wk, 5201, 1101, PSH_ACK, 100, 13);
        tx.take(IF_C);
        assertThat(client(wk, 1101, 5301, PSH_ACK, 100, 13)).isEqualTo(Verdict.DROPPED);
        assertThat(tx.take(IF_S).tcpFlags()).isEqualTo(RST_ACK);
        ParsedPacket rst = tx.take(IF_C);
        assertThat(rst.seq()).isEqualTo(5301);
        assertThat(wk.drainer().figures().counter(0, DrainFigures.CROSSED)).isEqualTo(1);
    }

    /**
     * A second flow of the same client to real server 0, from port 40003 (round robin sends 40001
     * and 40002 to the other two): handshake, a 100-byte request, its 200-byte response, the ACK.
     * Client ISN 3000, server ISN 7000.
     */
    void secondFlow(Worker wk, long now) {
        pastServers1And2(wk, now);
        flowFromPort40003(wk, now);
    }

    /** Round robin past real servers 1 and 2 (SYNs from ports 40001 and 40002): the next flow goes to 0. */
    void pastServers1And2(Worker wk, long now) {
        for (int i = 1; i <= 2; i++) {
            h.syn(wk, CLIENT, 40000 + i, VIP, now);
            h.answerProbe(wk, IF_S, RS[i], rsMac(i), now);
            tx.take(IF_S);
        }
    }

    /** The flow of {@link #secondFlow} from port 40003, once round robin is back at server 0. */
    void flowFromPort40003(Worker wk, long now) {
        h.syn(wk, CLIENT, 40003, VIP, now);
        ParsedPacket syn = tx.take(IF_S);
        assertThat(InetAddr.format(syn.dstHi(), syn.dstLo())).isEqualTo(RS[0]);
        h.tcp(wk, IF_S, rsMac(0), MAC_S, RS[0], 80, CLIENT, 40003, 7000, 3001, 0x12, 0, now);
        tx.take(IF_C);
        h.tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, 40003, VIP, 80, 3001, 7001, PSH_ACK, 100, now);
        tx.take(IF_S);
        h.tcp(wk, IF_S, rsMac(0), MAC_S, RS[0], 80, CLIENT, 40003, 7001, 3101, PSH_ACK, 200, now);
        tx.take(IF_C);
        h.tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, 40003, VIP, 80, 3101, 7201, ACK, 0, now);
        tx.take(IF_S);
    }

    @Test
    void aRequestAfterAGapGoesThroughAndAClientsOtherFlowsAreLeftAloneForItsRetry() {
        Worker wk = worker(ForwardingMethod.MASQ);
        establish(wk, ForwardingMethod.MASQ, true);
        secondFlow(wk, 5);
        Snapshot draining =
                with(wk.snapshot(), ForwardingMethod.MASQ, new DrainSpec(10_000, 60_000, 1, 1000), null, false);
        wk.beginBatch(draining, tx, 6);
        // Before busy_after, a request goes through; after it, one that follows a think time the
        // scan did not catch in its gap goes through too (the next gap closes the flow).
        assertThat(client(wk, 1101, 5201, PSH_ACK, 100, 6)).isEqualTo(Verdict.FORWARDED);
        tx.take(IF_S);
        server(wk, 5201, 1201, PSH_ACK, 200, 7);
        tx.take(IF_C);
        // With no gap this time: reset, as the close instant.
        assertThat(client(wk, 1201, 5401, PSH_ACK, 100, 7)).isEqualTo(Verdict.DROPPED);
        assertThat(tx.take(IF_S).tcpFlags()).isEqualTo(RST_ACK);
        assertThat(tx.take(IF_C).tcpFlags()).isEqualTo(RST_ACK);
        // The client retries at once on its other pooled connection to the draining server: left
        // alone for the hold, neither reset at a request without a gap nor closed in a gap.
        assertThat(h.tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, 40003, VIP, 80, 3101, 7201, PSH_ACK, 100, 8))
                .isEqualTo(Verdict.FORWARDED);
        tx.take(IF_S);
        h.tcp(wk, IF_S, rsMac(0), MAC_S, RS[0], 80, CLIENT, 40003, 7201, 3201, PSH_ACK, 200, 9);
        tx.take(IF_C);
        h.tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, 40003, VIP, 80, 3201, 7401, ACK, 0, 9);
        tx.take(IF_S);
        steps(wk, draining, tx, 10, 7 + Drainer.RETRY_HOLD_MILLIS - 1);
        assertThat(tx.frames).as("held for the retry").isEmpty();
        steps(wk, draining, tx, 7 + Drainer.RETRY_HOLD_MILLIS, 7 + Drainer.RETRY_HOLD_MILLIS + 2);
        ParsedPacket fin = tx.take(IF_S);
        assertThat(fin.tcpFlags()).isEqualTo(FIN_ACK);
        assertThat(fin.seq()).isEqualTo(3201);
        assertThat(wk.drainer().figures().counter(0, DrainFigures.CROSSED)).isEqualTo(1);
        assertThat(wk.drainer().figures().counter(0, DrainFigures.CLOSED)).isEqualTo(1);
    }

    @Test
    void aRequestInProgressIsNotTouchedAndTheDeadlineResetsBothEndsExactly() {
        Worker wk = worker(ForwardingMethod.MASQ);
        establish(wk, ForwardingMethod.MASQ, true);
        client(wk, 1101, 5201, PSH_ACK, 100, 5); // a request the server has not acknowledged
        tx.take(IF_S);
        Snapshot draining = with(wk.snapshot(), ForwardingMethod.MASQ, new DrainSpec(500, 10, 0, 1000), null, false);
        steps(wk, draining, tx, 10, 400);
        assertThat(tx.frames).as("in flight until the deadline").isEmpty();
        // Acknowledged but unanswered: waiting for a response, still not closed.
        h.tcp(wk, IF_S, rsMac(0), MAC_S, RS[0], 80, CLIENT, 40000, 5201, 1201, ACK, 0, 401);
        tx.take(IF_C);
        steps(wk, draining, tx, 402, 500);
        assertThat(tx.frames).isEmpty();
        assertThat(wk.drainer().figures().flows(0, FlowClass.AWAITING_RESPONSE)).isEqualTo(1);

        steps(wk, draining, tx, 510, 530);
        ParsedPacket toServer = tx.take(IF_S);
        assertThat(toServer.tcpFlags()).isEqualTo(RST_ACK);
        assertThat(toServer.seq()).isEqualTo(1201);
        ParsedPacket toClient = tx.take(IF_C);
        assertThat(toClient.seq()).isEqualTo(5201);
        assertThat(wk.drainer().figures().counter(0, DrainFigures.RESET)).isEqualTo(1);
        assertThat(conn(wk)).isNegative();
    }

    @Test
    void expireNodestConnResetsTheFlowsOfARemovedServerAtOnce() {
        Worker wk = worker(ForwardingMethod.MASQ);
        establish(wk, ForwardingMethod.MASQ, true);
        Snapshot removed = with(wk.snapshot(), ForwardingMethod.MASQ, null, RealState.REMOVED, true);
        steps(wk, removed, tx, 10, 20);
        assertThat(tx.take(IF_S).seq()).isEqualTo(1101);
        assertThat(tx.take(IF_C).seq()).isEqualTo(5201);
        assertThat(wk.drainer().figures().counter(0, DrainFigures.NODEST_RESET)).isEqualTo(1);
        assertThat(conn(wk)).isNegative();

        // Without the setting the flow stays, its packets dropped (IPVS's default).
        Worker quiet = worker(ForwardingMethod.MASQ);
        establish(quiet, ForwardingMethod.MASQ, true);
        steps(quiet, with(quiet.snapshot(), ForwardingMethod.MASQ, null, RealState.REMOVED, false), tx, 10, 20);
        assertThat(tx.frames).isEmpty();
        assertThat(conn(quiet)).isNotNegative();
    }

    @Test
    void aRemovalMidScanStillReachesTheFlowsBehindTheCursor() {
        // The used part of the table takes two scan steps: a drain leaves the cursor halfway, past
        // the flow. Entries are used once, then freed so that the flow takes the first of them.
        Worker wk = worker(ForwardingMethod.MASQ);
        ConnTable table = wk.connections();
        for (int i = 0; i < 3; i++) {
            tx.frames.clear();
            tx.ifs.clear();
            h.syn(wk, "198.18.0.99", 1024 + i, VIP, 1);
            h.answerProbe(wk, IF_S, RS[i], rsMac(i), 1);
        }
        int flood = Drainer.SCAN_STEP + 102; // a multiple of 3: round robin is back at server 0
        for (int i = 3; i < flood - flood % 3; i++) {
            h.syn(wk, "198.18.0.99", 1024 + i, VIP, 1);
        }
        for (int id = table.highWater() - 1; id >= 0; id--) {
            table.remove(id);
        }
        tx.frames.clear();
        tx.ifs.clear();
        establish(wk, ForwardingMethod.MASQ, true);
        assertThat(table.highWater()).isGreaterThan(Drainer.SCAN_STEP);
        assertThat(conn(wk)).isLessThan(Drainer.SCAN_STEP);
        Snapshot draining =
                with(wk.snapshot(), ForwardingMethod.MASQ, new DrainSpec(60_000, 60_000, 60_000, 1000), null, false);
        steps(wk, draining, tx, 10, 10);
        assertThat(tx.frames).isEmpty();

        // Then the server is removed under expire_nodest_conn: the pass under way ends without
        // seeing the flow, which must not end the resets.
        Snapshot removed = with(draining, ForwardingMethod.MASQ, null, RealState.REMOVED, true);
        steps(wk, removed, tx, 11, 20);
        assertThat(tx.take(IF_S).seq()).isEqualTo(1101);
        assertThat(tx.take(IF_C).seq()).isEqualTo(5201);
        assertThat(wk.drainer().figures().counter(0, DrainFigures.NODEST_RESET)).isEqualTo(1);
        assertThat(conn(wk)).isNegative();
    }

    @Test
    void drainingAllocatesNothing() {
        Worker wk = worker(ForwardingMethod.MASQ);
        Snapshot up = wk.snapshot();
        // Enough flows that one smallest object (16 B) per close or per crossing would exceed the
        // tolerance below: 2048 of each.
        int flows = 3 * 2048;
        // Flows on all three servers: handshake, request, response, the client's ACK of it.
        for (int i = 0; i < flows; i++) {
            int port = 20000 + i;
            String rs = RS[i % 3];
            tx.frames.clear();
            tx.ifs.clear();
            h.tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, port, VIP, 80, 1000, 0, 0x02, 0, 1);
            if (i < 3) {
                h.answerProbe(wk, IF_S, rs, rsMac(i), 1);
            }
            tx.frames.clear();
            tx.ifs.clear();
            h.tcp(wk, IF_S, rsMac(i % 3), MAC_S, rs, 80, CLIENT, port, 5000, 1001, 0x12, 0, 1);
            if (i == 0) {
                h.answerProbe(wk, IF_C, CLIENT, MAC_CLIENT, 1);
            }
            h.tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, port, VIP, 80, 1001, 5001, PSH_ACK, 10, 1);
            h.tcp(wk, IF_S, rsMac(i % 3), MAC_S, rs, 80, CLIENT, port, 5001, 1011, PSH_ACK, 20, 1);
            h.tcp(wk, IF_C, MAC_CLIENT, MAC_C, CLIENT, port, VIP, 80, 1011, 5021, ACK, 0, 1);
        }
        // Every client's next request, built now so that the measured part builds nothing.
        MemorySegment requests = Arena.ofAuto().allocate(flows * 128L);
        int[] lengths = new int[flows];
        long[] c = a(CLIENT);
        long[] v = a(VIP);
        for (int i = 0; i < flows; i++) {
            lengths[i] = h.w.begin(requests, i * 128L, 128)
                    .ethernet(MAC_C, MAC_CLIENT)
                    .ip(c[0], c[1], v[0], v[1])
                    .tcp(20000 + i, 80, 1011, 5021, PSH_ACK, 65535)
                    .payload(requests, 0, 10)
                    .finish();
        }
        MemorySegment work = Arena.ofAuto().allocate(128);
        WorkerTest.CountingSink sink = new WorkerTest.CountingSink();
        Snapshot draining =
                with(up, ForwardingMethod.MASQ, new DrainSpec(1L << 40, 5, 1L << 40, 1_000_000), null, false);
        wk.beginBatch(draining, sink, 10); // adopting a snapshot is control-plane work

        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        // Scans: every flow of server 0 is idle, closed; one client, so one close per spacing.
        long end = 11 + (flows / 3 + 1) * Drainer.CLIENT_SPACING_MILLIS;
        for (long t = 11; t < end; t++) {
            wk.beginBatch(draining, sink, t);
        }
        for (int i = 0; i < flows; i++) { // the next requests: those of server 0 cross their close
            MemorySegment.copy(requests, i * 128L, work, 0, lengths[i]);
            wk.process(work, 0, lengths[i], IF_C, end);
        }
        long bytes = mx.getCurrentThreadAllocatedBytes() - before;

        assertThat(wk.drainer().figures().counter(0, DrainFigures.CLOSED)).isEqualTo(flows / 3);
        assertThat(wk.drainer().figures().counter(0, DrainFigures.CROSSED)).isEqualTo(flows / 3);
        assertThat(sink.frames).isGreaterThanOrEqualTo(flows + flows / 3);
        assertThat(bytes).as("bytes allocated while draining").isLessThan(16_384);
    }
}
