package io.jlvs.linux.packet;

import static io.jlvs.linux.packet.CbpfAssembler.ABS;
import static io.jlvs.linux.packet.CbpfAssembler.ALU;
import static io.jlvs.linux.packet.CbpfAssembler.B;
import static io.jlvs.linux.packet.CbpfAssembler.H;
import static io.jlvs.linux.packet.CbpfAssembler.IMM;
import static io.jlvs.linux.packet.CbpfAssembler.IND;
import static io.jlvs.linux.packet.CbpfAssembler.JEQ;
import static io.jlvs.linux.packet.CbpfAssembler.JMP;
import static io.jlvs.linux.packet.CbpfAssembler.JSET;
import static io.jlvs.linux.packet.CbpfAssembler.K;
import static io.jlvs.linux.packet.CbpfAssembler.LD;
import static io.jlvs.linux.packet.CbpfAssembler.LDX;
import static io.jlvs.linux.packet.CbpfAssembler.MEM;
import static io.jlvs.linux.packet.CbpfAssembler.MOD;
import static io.jlvs.linux.packet.CbpfAssembler.MSH;
import static io.jlvs.linux.packet.CbpfAssembler.MUL;
import static io.jlvs.linux.packet.CbpfAssembler.RET;
import static io.jlvs.linux.packet.CbpfAssembler.RET_A;
import static io.jlvs.linux.packet.CbpfAssembler.RSH;
import static io.jlvs.linux.packet.CbpfAssembler.SKF_AD_OFF;
import static io.jlvs.linux.packet.CbpfAssembler.SKF_AD_PROTOCOL;
import static io.jlvs.linux.packet.CbpfAssembler.SKF_NET_OFF;
import static io.jlvs.linux.packet.CbpfAssembler.ST;
import static io.jlvs.linux.packet.CbpfAssembler.W;
import static io.jlvs.linux.packet.CbpfAssembler.X;
import static io.jlvs.linux.packet.CbpfAssembler.XOR;

import io.jlvs.core.net.InetAddr;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code PACKET_FANOUT_CBPF} program that sends both directions of a flow to the same
 * worker (DESIGN.md §3.5). The kernel takes the program's return value modulo the number of
 * sockets in the fanout group, and a socket's place in the group is the order in which it
 * joined — so workers open their sockets in worker order, and worker {@code i} owns member
 * {@code i} of every interface's group.
 *
 * <ul>
 *   <li>NAT, DR, TUN and the inbound side of FULLNAT steer by a hash of the <em>client's</em>
 *       address and port: the source of a frame from the client ({@link #clientFacing()}), the
 *       destination of a NAT reply from a real server ({@link #serverFacingNat()}). Both compute
 *       {@link #flowHash} of the same (address, port), so the two interfaces' groups agree.
 *   <li>FULLNAT replies come back to a local address and port jlvs chose, and jlvs chooses local
 *       ports so that {@code lport mod workers == worker}; their program returns the
 *       destination port mod workers ({@link #serverFacingFullNat}).
 *   <li>On one interface that carries both directions ({@link #oneArm()}), the direction is
 *       told by the destination address: to a VIP is inbound, to a FULLNAT local address is a
 *       FULLNAT reply, anything else is a NAT reply.
 * </ul>
 *
 * <p>Limits, the same as IPVS's own hash inputs where they apply: ports are read for TCP, UDP
 * and SCTP directly after the IPv4 header or the fixed IPv6 header; IPv6 extension headers,
 * ICMP (including errors that quote a flow) and non-first IPv4 fragments hash by address
 * alone with port 0. Frames that are neither IPv4 nor IPv6 (ARP) go to member 0.
 */
public final class FanoutProgram {
    static final int ETH_P_IP = 0x0800;
    static final int ETH_P_IPV6 = 0x86DD;
    private static final int IPPROTO_TCP = 6;
    private static final int IPPROTO_UDP = 17;
    private static final int IPPROTO_SCTP = 132;

    // Multiplicative mixing constants: 2^32 / golden ratio and the murmur3 fmix32 multiplier.
    static final int MIX1 = 0x9E3779B1;
    static final int MIX2 = 0x85EBCA6B;

    // Scratch words: M[PORT] holds the port (or 0), M[HASH] the running hash.
    private static final int PORT = 0;
    private static final int HASH = 1;

    private final BpfProgram bpf;
    private final String description;

    private FanoutProgram(BpfProgram bpf, String description) {
        this.bpf = bpf;
        this.description = description;
    }

    /**
     * The hash a program computes for a client's (address, port), in Java; the kernel returns
     * {@code Integer.remainderUnsigned(flowHash(...), members)}. An IPv4 address is in the
     * {@link InetAddr} mapped form. Words are mixed in network order.
     */
    public static int flowHash(long hi, long lo, int port) {
        int h;
        if (InetAddr.isV4(hi, lo)) {
            h = InetAddr.v4(lo) * MIX1;
        } else {
            h = (int) (hi >>> 32) * MIX1;
            h = (h ^ (int) hi) * MIX1;
            h = (h ^ (int) (lo >>> 32)) * MIX1;
            h = (h ^ (int) lo) * MIX1;
        }
        h = (h ^ (port & 0xFFFF)) * MIX2;
        return h ^ (h >>> 16);
    }

    /** The fanout member (worker) a client's flow lands on when there are {@code workers}. */
    public static int workerFor(long hi, long lo, int port, int workers) {
        return Integer.remainderUnsigned(flowHash(hi, lo, port), workers);
    }

    /** Frames from clients: steer by source address and port. */
    public static FanoutProgram clientFacing() {
        CbpfAssembler a = new CbpfAssembler();
        String v4 = a.newLabel("v4");
        String v6 = a.newLabel("v6");
        String mix = a.newLabel("mix");
        dispatchFamily(a, v4, v6);
        a.label(v4);
        hashV4(a, Steer.SOURCE, mix);
        a.label(v6);
        hashV6(a, Steer.SOURCE, mix);
        finishMix(a, mix);
        return new FanoutProgram(a.assemble(), "client-facing: hash(source address, source port)");
    }

    /** NAT replies from real servers: steer by destination address and port (the client's). */
    public static FanoutProgram serverFacingNat() {
        CbpfAssembler a = new CbpfAssembler();
        String v4 = a.newLabel("v4");
        String v6 = a.newLabel("v6");
        String mix = a.newLabel("mix");
        dispatchFamily(a, v4, v6);
        a.label(v4);
        hashV4(a, Steer.DESTINATION, mix);
        a.label(v6);
        hashV6(a, Steer.DESTINATION, mix);
        finishMix(a, mix);
        return new FanoutProgram(a.assemble(), "server-facing NAT: hash(destination address, destination port)");
    }

    /** FULLNAT replies from real servers: steer by destination (local) port mod {@code workers}. */
    public static FanoutProgram serverFacingFullNat(int workers) {
        checkWorkers(workers);
        CbpfAssembler a = new CbpfAssembler();
        String v4 = a.newLabel("v4");
        String v6 = a.newLabel("v6");
        dispatchFamily(a, v4, v6);
        a.label(v4);
        localPortV4(a, workers);
        a.label(v6);
        localPortV6(a, workers);
        return new FanoutProgram(a.assemble(), "server-facing FULLNAT: destination port mod " + workers);
    }

    /** A program for an interface that carries both directions, told apart by destination. */
    public static OneArm oneArm() {
        return new OneArm();
    }

    /** The classic BPF program for {@code PACKET_FANOUT_DATA}. */
    public BpfProgram bpf() {
        return bpf;
    }

    @Override
    public String toString() {
        return description + " (" + bpf.length() + " instructions)";
    }

    private enum Steer {
        SOURCE,
        DESTINATION
    }

    private static void checkWorkers(int workers) {
        if (workers < 1 || workers > 0xFFFF) {
            throw new IllegalArgumentException("workers must be 1..65535, not " + workers);
        }
    }

    // A = ethertype; IPv4 and IPv6 branch off, anything else (ARP, LLDP) goes to member 0.
    private static void dispatchFamily(CbpfAssembler a, String v4, String v6) {
        String notV4 = a.newLabel("notv4");
        String other = a.newLabel("other");
        // The kernel's classic checker (check_load_and_stores) follows straight-line flow past
        // a return too, so a scratch word read after code that ends in "ret" counts as unset
        // unless it was written on every path from the start. Writing both words here first
        // makes every later read valid whatever the layout of the blocks.
        a.stmt(LD | IMM, 0);
        a.stmt(ST, PORT);
        a.stmt(ST, HASH);
        a.stmt(LD | H | ABS, SKF_AD_OFF + SKF_AD_PROTOCOL);
        a.jump(JMP | JEQ | K, ETH_P_IP, null, notV4);
        a.ja(v4);
        a.label(notV4);
        a.jump(JMP | JEQ | K, ETH_P_IPV6, null, other);
        a.ja(v6);
        a.label(other);
        a.stmt(RET | K, 0);
    }

    // Loads the IPv4 L4 port at {@code portOffset} (0 source, 2 destination) into A, or jumps to
    // noPort when the datagram has none: a non-first fragment (RFC 791 fragment offset != 0) or
    // a protocol without ports.
    private static void loadPortV4(CbpfAssembler a, int portOffset, String noPort) {
        String hasPort = a.newLabel("port4");
        a.stmt(LD | H | ABS, SKF_NET_OFF + 6);
        a.jump(JMP | JSET | K, 0x1FFF, noPort, null);
        a.stmt(LD | B | ABS, SKF_NET_OFF + 9);
        a.jump(JMP | JEQ | K, IPPROTO_TCP, hasPort, null);
        a.jump(JMP | JEQ | K, IPPROTO_UDP, hasPort, null);
        a.jump(JMP | JEQ | K, IPPROTO_SCTP, hasPort, noPort);
        a.label(hasPort);
        // X = 4 * IHL, the IPv4 header length (the classic BPF "msh" idiom).
        a.stmt(LDX | B | MSH, SKF_NET_OFF);
        a.stmt(LD | H | IND, SKF_NET_OFF + portOffset);
    }

    private static void loadPortV6(CbpfAssembler a, int portOffset, String noPort) {
        String hasPort = a.newLabel("port6");
        a.stmt(LD | B | ABS, SKF_NET_OFF + 6); // next header
        a.jump(JMP | JEQ | K, IPPROTO_TCP, hasPort, null);
        a.jump(JMP | JEQ | K, IPPROTO_UDP, hasPort, null);
        a.jump(JMP | JEQ | K, IPPROTO_SCTP, hasPort, noPort);
        a.label(hasPort);
        a.stmt(LD | H | ABS, SKF_NET_OFF + 40 + portOffset);
    }

    // M[PORT] = port (or 0); A = address word * MIX1; then on to the shared finish.
    private static void hashV4(CbpfAssembler a, Steer steer, String mix) {
        String noPort = a.newLabel("noport4");
        String addr = a.newLabel("addr4");
        loadPortV4(a, steer == Steer.SOURCE ? 0 : 2, noPort);
        a.stmt(ST, PORT);
        a.ja(addr);
        a.label(noPort);
        a.stmt(LD | IMM, 0);
        a.stmt(ST, PORT);
        a.label(addr);
        a.stmt(LD | W | ABS, SKF_NET_OFF + (steer == Steer.SOURCE ? 12 : 16));
        a.stmt(ALU | MUL | K, MIX1);
        a.ja(mix);
    }

    private static void hashV6(CbpfAssembler a, Steer steer, String mix) {
        String noPort = a.newLabel("noport6");
        String addr = a.newLabel("addr6");
        loadPortV6(a, steer == Steer.SOURCE ? 0 : 2, noPort);
        a.stmt(ST, PORT);
        a.ja(addr);
        a.label(noPort);
        a.stmt(LD | IMM, 0);
        a.stmt(ST, PORT);
        a.label(addr);
        int base = SKF_NET_OFF + (steer == Steer.SOURCE ? 8 : 24);
        a.stmt(LD | W | ABS, base);
        a.stmt(ALU | MUL | K, MIX1);
        for (int w = 1; w < 4; w++) {
            a.stmt(ST, HASH);
            a.stmt(LD | W | ABS, base + 4 * w);
            a.stmt(LDX | W | MEM, HASH);
            a.stmt(ALU | XOR | X, 0);
            a.stmt(ALU | MUL | K, MIX1);
        }
        a.ja(mix);
    }

    // A = h: h = (h ^ port) * MIX2; return h ^ (h >>> 16). Matches flowHash's tail.
    private static void finishMix(CbpfAssembler a, String mix) {
        a.label(mix);
        a.stmt(LDX | W | MEM, PORT);
        a.stmt(ALU | XOR | X, 0);
        a.stmt(ALU | MUL | K, MIX2);
        a.stmt(ST, HASH);
        a.stmt(ALU | RSH | K, 16);
        a.stmt(LDX | W | MEM, HASH);
        a.stmt(ALU | XOR | X, 0);
        a.stmt(RET | RET_A, 0);
    }

    private static void localPortV4(CbpfAssembler a, int workers) {
        String noPort = a.newLabel("noport4");
        loadPortV4(a, 2, noPort);
        a.stmt(ALU | MOD | K, workers);
        a.stmt(RET | RET_A, 0);
        a.label(noPort);
        a.stmt(RET | K, 0);
    }

    private static void localPortV6(CbpfAssembler a, int workers) {
        String noPort = a.newLabel("noport6");
        loadPortV6(a, 2, noPort);
        a.stmt(ALU | MOD | K, workers);
        a.stmt(RET | RET_A, 0);
        a.label(noPort);
        a.stmt(RET | K, 0);
    }

    /**
     * Builder for an interface carrying both directions: destination a VIP → hash the source;
     * destination a FULLNAT local address → local port mod workers; otherwise (a NAT reply to a
     * client) → hash the destination.
     */
    public static final class OneArm {
        private final List<long[]> vips = new ArrayList<>();
        private final List<long[]> localAddresses = new ArrayList<>();
        private int workers;

        private OneArm() {}

        /** An address frames arrive at from clients (a VIP). */
        public OneArm vip(long hi, long lo) {
            vips.add(new long[] {hi, lo});
            return this;
        }

        /** A FULLNAT local address real servers reply to; needs {@link #workers}. */
        public OneArm localAddress(long hi, long lo) {
            localAddresses.add(new long[] {hi, lo});
            return this;
        }

        /** The number of workers, for the local-port rule. */
        public OneArm workers(int workers) {
            checkWorkers(workers);
            this.workers = workers;
            return this;
        }

        public FanoutProgram build() {
            if (!localAddresses.isEmpty() && workers == 0) {
                throw new IllegalStateException("FULLNAT local addresses need workers(n)");
            }
            CbpfAssembler a = new CbpfAssembler();
            String v4 = a.newLabel("v4");
            String v6 = a.newLabel("v6");
            String mix = a.newLabel("mix");
            dispatchFamily(a, v4, v6);

            a.label(v4);
            String src4 = a.newLabel("src4");
            String lport4 = a.newLabel("lport4");
            String dst4 = a.newLabel("dst4");
            a.stmt(LD | W | ABS, SKF_NET_OFF + 16);
            for (long[] vip : vips) {
                matchV4(a, vip, src4);
            }
            for (long[] lip : localAddresses) {
                matchV4(a, lip, lport4);
            }
            a.ja(dst4);
            a.label(src4);
            hashV4(a, Steer.SOURCE, mix);
            a.label(dst4);
            hashV4(a, Steer.DESTINATION, mix);
            a.label(lport4);
            if (workers > 0) {
                localPortV4(a, workers);
            } else {
                a.stmt(RET | K, 0); // unreachable: no local addresses were matched
            }

            a.label(v6);
            String src6 = a.newLabel("src6");
            String lport6 = a.newLabel("lport6");
            String dst6 = a.newLabel("dst6");
            for (long[] vip : vips) {
                matchV6(a, vip, src6);
            }
            for (long[] lip : localAddresses) {
                matchV6(a, lip, lport6);
            }
            a.ja(dst6);
            a.label(src6);
            hashV6(a, Steer.SOURCE, mix);
            a.label(dst6);
            hashV6(a, Steer.DESTINATION, mix);
            a.label(lport6);
            if (workers > 0) {
                localPortV6(a, workers);
            } else {
                a.stmt(RET | K, 0);
            }
            finishMix(a, mix);
            if (a.size() > BpfProgram.MAX_INSTRUCTIONS) {
                throw new IllegalArgumentException("too many VIPs and local addresses for one fanout program ("
                        + a.size() + " instructions, the kernel takes " + BpfProgram.MAX_INSTRUCTIONS + ")");
            }
            return new FanoutProgram(
                    a.assemble(),
                    "one-arm: " + vips.size() + " VIPs, " + localAddresses.size() + " local addresses, "
                            + (workers > 0 ? workers + " workers" : "no FULLNAT"));
        }

        // A holds the IPv4 destination; IPv6 addresses in the list are skipped here.
        private static void matchV4(CbpfAssembler a, long[] addr, String target) {
            if (!InetAddr.isV4(addr[0], addr[1])) {
                return;
            }
            String next = a.newLabel("next");
            a.jump(JMP | JEQ | K, InetAddr.v4(addr[1]), null, next);
            a.ja(target);
            a.label(next);
        }

        private static void matchV6(CbpfAssembler a, long[] addr, String target) {
            if (InetAddr.isV4(addr[0], addr[1])) {
                return;
            }
            String next = a.newLabel("next");
            int[] words = {(int) (addr[0] >>> 32), (int) addr[0], (int) (addr[1] >>> 32), (int) addr[1]};
            for (int w = 0; w < 4; w++) {
                a.stmt(LD | W | ABS, SKF_NET_OFF + 24 + 4 * w);
                a.jump(JMP | JEQ | K, words[w], null, next);
            }
            a.ja(target);
            a.label(next);
        }
    }
}
