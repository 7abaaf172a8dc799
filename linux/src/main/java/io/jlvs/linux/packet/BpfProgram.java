package io.jlvs.linux.packet;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A classic BPF program (linux/filter.h {@code struct sock_filter[]}): what {@code
 * PACKET_FANOUT_DATA} takes for {@code PACKET_FANOUT_CBPF}. Immutable; built by {@link
 * CbpfAssembler}.
 */
public final class BpfProgram {
    /** BPF_MAXINSNS: the kernel refuses longer classic programs. */
    public static final int MAX_INSTRUCTIONS = 4096;

    /** sizeof(struct sock_filter): u16 code, u8 jt, u8 jf, u32 k. */
    static final int INSN_SIZE = 8;

    private final short[] code;
    private final byte[] jt;
    private final byte[] jf;
    private final int[] k;

    BpfProgram(short[] code, byte[] jt, byte[] jf, int[] k) {
        this.code = code.clone();
        this.jt = jt.clone();
        this.jf = jf.clone();
        this.k = k.clone();
    }

    public int length() {
        return code.length;
    }

    public int code(int pc) {
        return code[pc] & 0xFFFF;
    }

    public int jt(int pc) {
        return jt[pc] & 0xFF;
    }

    public int jf(int pc) {
        return jf[pc] & 0xFF;
    }

    public int k(int pc) {
        return k[pc];
    }

    /** The instructions as a {@code struct sock_filter} array in native order. */
    public MemorySegment toSockFilters(Arena arena) {
        MemorySegment s = arena.allocate((long) INSN_SIZE * code.length, 8);
        for (int i = 0; i < code.length; i++) {
            long o = (long) i * INSN_SIZE;
            s.set(JAVA_SHORT, o, code[i]);
            s.set(JAVA_BYTE, o + 2, jt[i]);
            s.set(JAVA_BYTE, o + 3, jf[i]);
            s.set(JAVA_INT, o + 4, k[i]);
        }
        return s;
    }

    /**
     * {@code struct sock_fprog { unsigned short len; struct sock_filter *filter; }} pointing at a
     * copy of the instructions in {@code arena}.
     */
    public MemorySegment toSockFprog(Arena arena) {
        MemorySegment filters = toSockFilters(arena);
        MemorySegment prog = arena.allocate(16, 8);
        prog.set(JAVA_SHORT, 0, (short) code.length);
        prog.set(ADDRESS, 8, filters);
        return prog;
    }

    /** One line per instruction, as {@code bpf_asm -c} prints them: {@code { 0x28, 0, 0, 0xfffff000 },}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < code.length; i++) {
            sb.append(
                    String.format("{ 0x%02x, %d, %d, 0x%08x },%n", code[i] & 0xFFFF, jt[i] & 0xFF, jf[i] & 0xFF, k[i]));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BpfProgram p
                && Arrays.equals(code, p.code)
                && Arrays.equals(jt, p.jt)
                && Arrays.equals(jf, p.jf)
                && Arrays.equals(k, p.k);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(k) * 31 + Arrays.hashCode(code);
    }
}
