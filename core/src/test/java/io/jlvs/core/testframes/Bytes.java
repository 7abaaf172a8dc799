package io.jlvs.core.testframes;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/** Plain byte[] helpers for test frames: big-endian access by shifts, concatenation, segments. */
public final class Bytes {
    private Bytes() {}

    public static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    public static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    public static int u32(byte[] b, int i) {
        return (u16(b, i) << 16) | u16(b, i + 2);
    }

    public static long u48(byte[] b, int i) {
        return ((long) u16(b, i) << 32) | (u32(b, i + 2) & 0xFFFF_FFFFL);
    }

    public static long u64(byte[] b, int i) {
        return ((long) u32(b, i) << 32) | (u32(b, i + 4) & 0xFFFF_FFFFL);
    }

    public static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    public static void put32(byte[] b, int i, int v) {
        put16(b, i, v >>> 16);
        put16(b, i + 2, v);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static byte[] slice(byte[] b, int from, int to) {
        return Arrays.copyOfRange(b, from, to);
    }

    public static byte[] v4(int addr) {
        return new byte[] {(byte) (addr >>> 24), (byte) (addr >>> 16), (byte) (addr >>> 8), (byte) addr};
    }

    public static byte[] v6(long hi, long lo) {
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (hi >>> (56 - 8 * i));
            b[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return b;
    }

    public static byte[] mac(long mac) {
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (mac >>> (40 - 8 * i));
        }
        return b;
    }

    /** A heap segment holding a copy of {@code frame}. */
    public static MemorySegment heap(byte[] frame) {
        return MemorySegment.ofArray(frame.clone());
    }

    /** A native segment (like ring memory) holding {@code frame} at {@code offset}, with slack after. */
    public static MemorySegment nativeAt(Arena arena, byte[] frame, int offset) {
        MemorySegment s = arena.allocate(offset + frame.length + 64);
        MemorySegment.copy(frame, 0, s, ValueLayout.JAVA_BYTE, offset, frame.length);
        return s;
    }

    /** {@code length} bytes of {@code s} at {@code offset} as a byte[]. */
    public static byte[] read(MemorySegment s, long offset, int length) {
        byte[] out = new byte[length];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, offset, out, 0, length);
        return out;
    }
}
