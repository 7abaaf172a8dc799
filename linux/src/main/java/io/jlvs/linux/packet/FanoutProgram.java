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
        return hashing(Steer.SOURCE, "client-facing: hash(source address, source port)");
    }

    /** NAT replies from real servers: steer by destination address and port (the client's). */
    public static FanoutProgram serverFacingNat() {
        return hashing(Steer.DESTINATION, "server-facing NAT: hash(destination address, destination port)");
    }

    /** FULLNAT replies from real servers: steer by destination (local) port mod {@code workers}. */
    public static FanoutProgram serverFacingFullNat(int workers) {
        checkWorkers(workers);
        CbpfAssembler a = new CbpfAssembler();
        String v4 = a.newLabel("v4");
        String v6 = a.newLabel("v6");
        dispatchFamily(a, v4, v6);
        a.label(v4);
        localPort(a, Family.V4, workers);
        a.label(v6);
        localPort(a, Family.V6, workers);
        return new FanoutProgram(a.assemble(), "server-facing FULLNAT: destination port mod " + workers);
    }

    private static FanoutProgram hashing(Steer steer, String description) {
        CbpfAssembler a = new CbpfAssembler();
        String v4 = a.newLabel("v4");
        String v6 = a.newLabel("v6");
        String mix = a.newLabel("mix");
        dispatchFamily(a, v4, v6);
        a.label(v4);
        hash(a, Family.V4, steer, mix);
        a.label(v6);
        hash(a, Family.V6, steer, mix);
        finishMix(a, mix);
        return new FanoutProgram(a.assemble(), description);
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

    /** Which end of the frame is the client's; {@code portOffset} is its port in the L4 header. */
    private enum Steer {
        SOURCE(0),
        DESTINATION(2);

        final int portOffset;

        Steer(int portOffset) {
            this.portOffset = portOffset;
        }
    }

    /** Where each family keeps its addresses, relative to the network header, and their size. */
    private enum Family {
        V4(12, 16, 1),
        V6(8, 24, 4);

        final int srcOffset;
        final int dstOffset;
        final int words;

        Family(int srcOffset, int dstOffset, int words) {
            this.srcOffset = srcOffset;
            this.dstOffset = dstOffset;
            this.words = words;
        }

        int addressOffset(Steer steer) {
            return steer == Steer.SOURCE ? srcOffset : dstOffset;
        }

        boolean holds(long[] addr) {
            return InetAddr.isV4(addr[0], addr[1]) == (this == V4);
        }
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

    private static void loadPort(CbpfAssembler a, Family f, int portOffset, String noPort) {
        if (f == Family.V4) {
            loadPortV4(a, portOffset, noPort);
        } else {
            loadPortV6(a, portOffset, noPort);
        }
    }

    // M[PORT] = port (or 0); A = the address words mixed as flowHash mixes them; then on to the
    // shared finish.
    private static void hash(CbpfAssembler a, Family f, Steer steer, String mix) {
        String noPort = a.newLabel("noport");
        String addr = a.newLabel("addr");
        loadPort(a, f, steer.portOffset, noPort);
        a.stmt(ST, PORT);
        a.ja(addr);
        a.label(noPort);
        a.stmt(LD | IMM, 0);
        a.stmt(ST, PORT);
        a.label(addr);
        int base = SKF_NET_OFF + f.addressOffset(steer);
        a.stmt(LD | W | ABS, base);
        a.stmt(ALU | MUL | K, MIX1);
        for (int w = 1; w < f.words; w++) {
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

    private static void localPort(CbpfAssembler a, Family f, int workers) {
        String noPort = a.newLabel("noport");
        loadPort(a, f, Steer.DESTINATION.portOffset, noPort);
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
            byDestination(a, Family.V4, mix);
            a.label(v6);
            byDestination(a, Family.V6, mix);
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

        // One family's half: compare the destination with each VIP and local address of that
        // family, then hash the source, hash the destination, or take the local port.
        private void byDestination(CbpfAssembler a, Family f, String mix) {
            String src = a.newLabel("src");
            String lport = a.newLabel("lport");
            String dst = a.newLabel("dst");
            if (f == Family.V4) {
                a.stmt(LD | W | ABS, SKF_NET_OFF + f.dstOffset); // A holds it for every compare
            }
            for (long[] vip : vips) {
                match(a, f, vip, src);
            }
            for (long[] lip : localAddresses) {
                match(a, f, lip, lport);
            }
            a.ja(dst);
            a.label(src);
            hash(a, f, Steer.SOURCE, mix);
            a.label(dst);
            hash(a, f, Steer.DESTINATION, mix);
            a.label(lport);
            if (workers > 0) {
                localPort(a, f, workers);
            } else {
                a.stmt(RET | K, 0); // unreachable: no local addresses were matched
            }
        }

        // Jumps to target when the destination is addr; addresses of the other family are
        // skipped. An IPv4 destination is already in A; an IPv6 one is loaded word by word.
        private static void match(CbpfAssembler a, Family f, long[] addr, String target) {
            if (!f.holds(addr)) {
                return;
            }
            String next = a.newLabel("next");
            if (f == Family.V4) {
                a.jump(JMP | JEQ | K, InetAddr.v4(addr[1]), null, next);
            } else {
                int[] words = {(int) (addr[0] >>> 32), (int) addr[0], (int) (addr[1] >>> 32), (int) addr[1]};
                for (int w = 0; w < 4; w++) {
                    a.stmt(LD | W | ABS, SKF_NET_OFF + f.dstOffset + 4 * w);
                    a.jump(JMP | JEQ | K, words[w], null, next);
                }
            }
            a.ja(target);
            a.label(next);
        }
    }
}
