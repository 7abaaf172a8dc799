package io.jlvs.linux.packet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small assembler for classic BPF with symbolic labels, so generated programs read like the
 * listings in Documentation/networking/filter.rst. Conditional jumps are 8-bit and forward only;
 * a target further than 255 instructions is an error here rather than a program the kernel
 * rejects later with EINVAL — generators use {@link #ja} for far targets.
 */
public final class CbpfAssembler {
    // Instruction classes, sizes, modes, ALU and jump operations (linux/bpf_common.h).
    public static final int LD = 0x00;
    public static final int LDX = 0x01;
    public static final int ST = 0x02;
    public static final int STX = 0x03;
    public static final int ALU = 0x04;
    public static final int JMP = 0x05;
    public static final int RET = 0x06;
    public static final int MISC = 0x07;
    public static final int W = 0x00;
    public static final int H = 0x08;
    public static final int B = 0x10;
    public static final int IMM = 0x00;
    public static final int ABS = 0x20;
    public static final int IND = 0x40;
    public static final int MEM = 0x60;
    public static final int LEN = 0x80;
    public static final int MSH = 0xa0;
    public static final int ADD = 0x00;
    public static final int SUB = 0x10;
    public static final int MUL = 0x20;
    public static final int DIV = 0x30;
    public static final int OR = 0x40;
    public static final int AND = 0x50;
    public static final int LSH = 0x60;
    public static final int RSH = 0x70;
    public static final int NEG = 0x80;
    public static final int MOD = 0x90;
    public static final int XOR = 0xa0;
    public static final int JA = 0x00;
    public static final int JEQ = 0x10;
    public static final int JGT = 0x20;
    public static final int JGE = 0x30;
    public static final int JSET = 0x40;
    public static final int K = 0x00;
    public static final int X = 0x08;
    /** BPF_A as a return-value source. */
    public static final int RET_A = 0x10;

    public static final int TAX = 0x00;
    public static final int TXA = 0x80;
    /** Scratch memory words M[0..15]. */
    public static final int MEMWORDS = 16;

    /** Ancillary loads start here (linux/filter.h SKF_AD_OFF). */
    public static final int SKF_AD_OFF = -0x1000;
    /** skb->protocol, the ethertype, as a host-order halfword. */
    public static final int SKF_AD_PROTOCOL = 0;
    /**
     * Loads relative to the network header (SKF_NET_OFF). Fanout programs run on an skb whose
     * data pointer is at the network header on receive but at the MAC header on transmit, so
     * only network-relative offsets mean the same thing in both.
     */
    public static final int SKF_NET_OFF = -0x100000;

    private final List<int[]> insns = new ArrayList<>(); // {code, k}
    private final List<String[]> targets = new ArrayList<>(); // {jt label, jf label} or null
    private final Map<String, Integer> labels = new HashMap<>();
    private int nextLabel;

    /** A label name unique within this assembler. */
    public String newLabel(String hint) {
        return hint + "_" + nextLabel++;
    }

    /** Binds {@code label} to the next instruction. */
    public CbpfAssembler label(String label) {
        if (labels.putIfAbsent(label, insns.size()) != null) {
            throw new IllegalStateException("label bound twice: " + label);
        }
        return this;
    }

    /** A non-jump instruction. */
    public CbpfAssembler stmt(int code, int k) {
        insns.add(new int[] {code, k});
        targets.add(null);
        return this;
    }

    /** A conditional jump {@code code} (JMP|JEQ|K ...) with labels; null means the next instruction. */
    public CbpfAssembler jump(int code, int k, String ifTrue, String ifFalse) {
        insns.add(new int[] {code, k});
        targets.add(new String[] {ifTrue, ifFalse});
        return this;
    }

    /** Unconditional jump with a 32-bit offset. */
    public CbpfAssembler ja(String label) {
        insns.add(new int[] {JMP | JA, 0});
        targets.add(new String[] {label});
        return this;
    }

    public int size() {
        return insns.size();
    }

    public BpfProgram assemble() {
        int n = insns.size();
        if (n == 0 || n > BpfProgram.MAX_INSTRUCTIONS) {
            throw new IllegalStateException(
                    "classic BPF programs have 1.." + BpfProgram.MAX_INSTRUCTIONS + " instructions, not " + n);
        }
        short[] code = new short[n];
        byte[] jt = new byte[n];
        byte[] jf = new byte[n];
        int[] k = new int[n];
        for (int pc = 0; pc < n; pc++) {
            int[] insn = insns.get(pc);
            code[pc] = (short) insn[0];
            k[pc] = insn[1];
            String[] t = targets.get(pc);
            if (t == null) {
                continue;
            }
            if (t.length == 1) {
                k[pc] = offset(pc, t[0], Integer.MAX_VALUE);
            } else {
                jt[pc] = (byte) offset(pc, t[0], 255);
                jf[pc] = (byte) offset(pc, t[1], 255);
            }
        }
        if ((code[n - 1] & 0x07) != RET) {
            throw new IllegalStateException("a classic BPF program must end in a return");
        }
        return new BpfProgram(code, jt, jf, k);
    }

    // Jumps are relative to the instruction after the jump (filter.rst), and only forward.
    private int offset(int pc, String label, int max) {
        if (label == null) {
            return 0;
        }
        Integer target = labels.get(label);
        if (target == null) {
            throw new IllegalStateException("unbound label " + label);
        }
        int off = target - pc - 1;
        if (off < 0 || off > max) {
            throw new IllegalStateException("jump from " + pc + " to " + label + " (" + target + ") out of range");
        }
        if (target >= insns.size()) {
            throw new IllegalStateException("label " + label + " is past the last instruction");
        }
        return off;
    }
}
