package io.jlvs.linux.netlink;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds netlink datagrams byte by byte for parser tests (host order, 4-byte alignment). */
public final class NlBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteBuffer msg;

    /** Starts a message of {@code type} with a fixed header of {@code fixed} bytes. */
    public NlBuilder message(int type, int flags, int seq, byte[] fixed) {
        finish();
        msg = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        msg.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
        msg.put(fixed);
        pad();
        return this;
    }

    public NlBuilder attr(int type, byte[] value) {
        msg.putShort((short) (4 + value.length)).putShort((short) type).put(value);
        pad();
        return this;
    }

    public NlBuilder attrU32(int type, int value) {
        return attr(
                type,
                ByteBuffer.allocate(4)
                        .order(ByteOrder.nativeOrder())
                        .putInt(value)
                        .array());
    }

    /** Raw bytes appended to the current message (to forge broken attributes). */
    public NlBuilder raw(byte[] bytes) {
        msg.put(bytes);
        return this;
    }

    private void pad() {
        while ((msg.position() & 3) != 0) {
            msg.put((byte) 0);
        }
    }

    private void finish() {
        if (msg != null) {
            int len = msg.position();
            msg.putInt(0, len);
            out.write(msg.array(), 0, len);
            msg = null;
        }
    }

    public byte[] bytes() {
        finish();
        return out.toByteArray();
    }

    public MemorySegment segment() {
        return MemorySegment.ofArray(bytes());
    }

    public static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    /** struct rtmsg. */
    public static byte[] rtmsg(int family, int dstLen, int table, int type) {
        return new byte[] {(byte) family, (byte) dstLen, 0, 0, (byte) table, 3, 0, (byte) type, 0, 0, 0, 0};
    }
}
