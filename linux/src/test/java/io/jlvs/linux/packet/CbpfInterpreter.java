package io.jlvs.linux.packet;

import static io.jlvs.linux.packet.CbpfAssembler.*;

/**
 * A classic BPF interpreter and the kernel's static checks (net/core/filter.c:
 * bpf_check_classic and check_load_and_stores, as documented behaviour), written for the tests
 * from Documentation/networking/filter.rst, so generated programs can be run on synthetic frames
 * without a kernel. The frame is an Ethernet frame; as in the fanout path on receive, the
 * network header starts after the 14-byte Ethernet header and skb->protocol is the ethertype.
 */
final class CbpfInterpreter {
    private CbpfInterpreter() {}

    /** Throws IllegalArgumentException for what the kernel would refuse with EINVAL. */
    static void check(BpfProgram p) {
        int n = p.length();
        if (n == 0 || n > BpfProgram.MAX_INSTRUCTIONS) {
            throw new IllegalArgumentException("length " + n);
        }
        int[] masks = new int[n];
        java.util.Arrays.fill(masks, 0xFFFF);
        int memvalid = 0;
        for (int pc = 0; pc < n; pc++) {
            int code = p.code(pc);
            int k = p.k(pc);
            memvalid &= masks[pc];
            int cls = code & 0x07;
            if (cls == JMP) {
                int op = code & 0xF0;
                if (op == JA) {
                    if (Integer.toUnsignedLong(k) >= n - pc - 1) {
                        throw new IllegalArgumentException("ja out of range at " + pc);
                    }
                    masks[pc + 1 + k] &= memvalid;
                } else {
                    if (p.jt(pc) >= n - pc - 1 || p.jf(pc) >= n - pc - 1) {
                        throw new IllegalArgumentException("jump out of range at " + pc);
                    }
                    masks[pc + 1 + p.jt(pc)] &= memvalid;
                    masks[pc + 1 + p.jf(pc)] &= memvalid;
                }
                memvalid = 0xFFFF;
            } else if (cls == ST || cls == STX) {
                if (k < 0 || k >= MEMWORDS) {
                    throw new IllegalArgumentException("bad scratch word at " + pc);
                }
                memvalid |= 1 << k;
            } else if ((cls == LD || cls == LDX) && (code & 0xE0) == MEM) {
                if (k < 0 || k >= MEMWORDS || (memvalid & (1 << k)) == 0) {
                    throw new IllegalArgumentException("read of unset M[" + k + "] at " + pc);
                }
            } else if (cls == ALU && ((code & 0xF0) == DIV || (code & 0xF0) == MOD) && (code & X) == 0 && k == 0) {
                throw new IllegalArgumentException("division by constant zero at " + pc);
            }
        }
        if ((p.code(n - 1) & 0x07) != RET) {
            throw new IllegalArgumentException("does not end in ret");
        }
    }

    /** Runs {@code p} on {@code frame}; the unsigned return value. */
    static int run(BpfProgram p, byte[] frame) {
        check(p);
        int a = 0;
        int x = 0;
        int[] mem = new int[MEMWORDS];
        int pc = 0;
        while (true) {
            int code = p.code(pc);
            int k = p.k(pc);
            int cls = code & 0x07;
            switch (cls) {
                case LD, LDX -> {
                    int mode = code & 0xE0;
                    int size = code & 0x18;
                    int v;
                    if (mode == IMM) {
                        v = k;
                    } else if (mode == MEM) {
                        v = mem[k];
                    } else if (mode == LEN) {
                        v = frame.length - 14;
                    } else if (mode == MSH) {
                        long b = load(frame, k, 1);
                        if (b < 0) {
                            return 0;
                        }
                        v = (int) (b & 0xF) << 2;
                    } else {
                        long addr = mode == IND ? (long) k + x : k;
                        if (mode == ABS && k == SKF_AD_OFF + SKF_AD_PROTOCOL) {
                            v = ((frame[12] & 0xFF) << 8) | (frame[13] & 0xFF);
                        } else {
                            long r = load(frame, addr, size == W ? 4 : size == H ? 2 : 1);
                            if (r < 0) {
                                return 0; // out of bounds: the kernel stops with return 0
                            }
                            v = (int) r;
                        }
                    }
                    if (cls == LD) {
                        a = v;
                    } else {
                        x = v;
                    }
                    pc++;
                }
                case ST -> {
                    mem[k] = a;
                    pc++;
                }
                case STX -> {
                    mem[k] = x;
                    pc++;
                }
                case ALU -> {
                    int operand = (code & X) != 0 ? x : k;
                    a = switch (code & 0xF0) {
                        case ADD -> a + operand;
                        case SUB -> a - operand;
                        case MUL -> a * operand;
                        case DIV -> operand == 0 ? 0 : Integer.divideUnsigned(a, operand);
                        case MOD -> operand == 0 ? 0 : Integer.remainderUnsigned(a, operand);
                        case OR -> a | operand;
                        case AND -> a & operand;
                        case XOR -> a ^ operand;
                        case LSH -> a << operand;
                        case RSH -> a >>> operand;
                        case NEG -> -a;
                        default -> throw new IllegalArgumentException("alu op " + code);
                    };
                    if ((code & 0xF0) == DIV && operand == 0 || (code & 0xF0) == MOD && operand == 0) {
                        return 0;
                    }
                    pc++;
                }
                case JMP -> {
                    int op = code & 0xF0;
                    if (op == JA) {
                        pc += 1 + k;
                    } else {
                        int operand = (code & X) != 0 ? x : k;
                        boolean t =
                                switch (op) {
                                    case JEQ -> a == operand;
                                    case JGT -> Integer.compareUnsigned(a, operand) > 0;
                                    case JGE -> Integer.compareUnsigned(a, operand) >= 0;
                                    case JSET -> (a & operand) != 0;
                                    default -> throw new IllegalArgumentException("jmp op " + code);
                                };
                        pc += 1 + (t ? p.jt(pc) : p.jf(pc));
                    }
                }
                case RET -> {
                    return (code & 0x18) == RET_A ? a : k;
                }
                case MISC -> {
                    if ((code & 0xF8) == TAX) {
                        x = a;
                    } else {
                        a = x;
                    }
                    pc++;
                }
                default -> throw new IllegalArgumentException("class " + cls);
            }
        }
    }

    // SKF_NET_OFF-relative offsets address the network header, 14 bytes into the frame.
    private static long load(byte[] frame, long k, int size) {
        long off = k >= SKF_NET_OFF && k < SKF_AD_OFF ? 14 + (k - SKF_NET_OFF) : 14 + k;
        if (off < 0 || off + size > frame.length) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < size; i++) {
            v = (v << 8) | (frame[(int) off + i] & 0xFF);
        }
        return v & 0xFFFF_FFFFL;
    }
}
