package io.jlvs.linux.packet;

import static io.jlvs.linux.packet.CbpfAssembler.ABS;
import static io.jlvs.linux.packet.CbpfAssembler.H;
import static io.jlvs.linux.packet.CbpfAssembler.JEQ;
import static io.jlvs.linux.packet.CbpfAssembler.JMP;
import static io.jlvs.linux.packet.CbpfAssembler.K;
import static io.jlvs.linux.packet.CbpfAssembler.LD;
import static io.jlvs.linux.packet.CbpfAssembler.RET;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class CbpfAssemblerTest {
    /** tcpdump -dd "ether proto 0x0800"-style program: accept IPv4, drop the rest. */
    static BpfProgram ipv4Only() {
        CbpfAssembler a = new CbpfAssembler();
        a.stmt(LD | H | ABS, 12);
        a.jump(JMP | JEQ | K, 0x0800, null, "drop");
        a.stmt(RET | K, 0xFFFF);
        a.label("drop");
        a.stmt(RET | K, 0);
        return a.assemble();
    }

    @Test
    void resolvesLabelsRelativeToTheNextInstruction() {
        BpfProgram p = ipv4Only();
        assertThat(p.length()).isEqualTo(4);
        assertThat(p.code(1)).isEqualTo(0x15);
        assertThat(p.jt(1)).isZero();
        assertThat(p.jf(1)).isEqualTo(1);
        assertThat(p.toString())
                .isEqualTo(String.format("{ 0x28, 0, 0, 0x0000000c },%n{ 0x15, 0, 1, 0x00000800 },%n"
                        + "{ 0x06, 0, 0, 0x0000ffff },%n{ 0x06, 0, 0, 0x00000000 },%n"));
    }

    @Test
    void laysOutSockFprogForTheKernel() {
        BpfProgram p = ipv4Only();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment prog = p.toSockFprog(arena);
            assertThat(prog.get(JAVA_SHORT, 0)).isEqualTo((short) 4);
            MemorySegment filters = prog.get(ADDRESS, 8).reinterpret(32);
            assertThat(filters.get(JAVA_SHORT, 8)).isEqualTo((short) 0x15);
            assertThat(filters.get(JAVA_BYTE, 8 + 3)).isEqualTo((byte) 1);
            assertThat(filters.get(JAVA_INT, 8 + 4)).isEqualTo(0x0800);
        }
    }

    @Test
    void refusesWhatTheKernelWouldRefuse() {
        CbpfAssembler noRet = new CbpfAssembler().stmt(LD | H | ABS, 12);
        assertThatThrownBy(noRet::assemble).hasMessageContaining("return");

        CbpfAssembler unbound = new CbpfAssembler();
        unbound.jump(JMP | JEQ | K, 1, "nowhere", null).stmt(RET | K, 0);
        assertThatThrownBy(unbound::assemble).hasMessageContaining("unbound label nowhere");

        CbpfAssembler far = new CbpfAssembler();
        far.jump(JMP | JEQ | K, 1, "end", null);
        for (int i = 0; i < 300; i++) {
            far.stmt(LD | H | ABS, 12);
        }
        far.label("end").stmt(RET | K, 0);
        assertThatThrownBy(far::assemble).hasMessageContaining("out of range");

        CbpfAssembler twice = new CbpfAssembler().label("x");
        assertThatThrownBy(() -> twice.label("x")).hasMessageContaining("bound twice");

        assertThatThrownBy(() -> new CbpfAssembler().assemble()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void farTargetsUseJa() {
        CbpfAssembler a = new CbpfAssembler();
        a.ja("end");
        for (int i = 0; i < 300; i++) {
            a.stmt(LD | H | ABS, 12);
        }
        a.label("end").stmt(RET | K, 7);
        BpfProgram p = a.assemble();
        assertThat(p.k(0)).isEqualTo(300);
        assertThat(CbpfInterpreter.run(p, new byte[64])).isEqualTo(7);
    }
}
