package io.jlvs.core.packet;

import io.jlvs.core.checksum.IncrementalChecksum;
import io.jlvs.core.checksum.InternetChecksum;
import java.lang.foreign.MemorySegment;

/**
 * A cursor over the options of one TCP header (RFC 9293 §3.2), without allocation: {@link #next}
 * moves to the next option and returns its kind; typed accessors read the current option.
 *
 * <pre>{@code
 * options.wrap(segment, tcpOffset);
 * for (int kind = options.next(); kind >= 0; kind = options.next()) {
 *     if (kind == TcpOptions.MSS) mss = options.mss();
 * }
 * }</pre>
 *
 * <p>NOPs are padding and are passed over; EOL ends the list. Every other kind, unknown ones
 * included, is returned and may be ignored. A missing or overrunning length, or a known kind with
 * the wrong length, makes {@link #next} return {@link #MALFORMED}: the typed accessors would otherwise
 * read another option's bytes. {@code rewrite…} methods fix the TCP checksum incrementally, minding
 * that an option field can sit at an odd offset (a single NOP before MSS is legal).
 */
public final class TcpOptions {
    public static final int EOL = 0;
    public static final int NOP = 1;
    public static final int MSS = 2;
    public static final int WINDOW_SCALE = 3;
    public static final int SACK_PERMITTED = 4;
    public static final int SACK = 5;
    public static final int TIMESTAMPS = 8;

    public static final int MSS_LENGTH = 4;
    public static final int WINDOW_SCALE_LENGTH = 3;
    public static final int SACK_PERMITTED_LENGTH = 2;
    public static final int TIMESTAMPS_LENGTH = 10;
    /** A SACK option is 2 bytes plus 8 per block (RFC 2018 §3). */
    public static final int SACK_BLOCK_LENGTH = 8;
    /** 40 bytes of option space hold at most four blocks. */
    public static final int MAX_SACK_BLOCKS = 4;

    /** {@link #next} result: no more options. */
    public static final int END = -1;
    /** {@link #next} result: the option list is malformed; the walk stops. */
    public static final int MALFORMED = -2;
    /** Returned by lookups when the option is absent. */
    public static final int ABSENT = -1;

    private MemorySegment segment;
    private long tcpOffset;
    private long start;
    private long end;
    private long pos;
    private int kind;
    private long optionOffset;
    private int optionLength;

    /** Iterates the options of the TCP header at {@code tcpOffset}, as long as its data offset says. */
    public TcpOptions wrap(MemorySegment segment, long tcpOffset) {
        int headerLength = (Wire.u8(segment, tcpOffset + TcpHeader.DATA_OFFSET) >>> 4) * 4;
        return wrap(segment, tcpOffset, Math.max(0, headerLength - TcpHeader.MIN_LENGTH));
    }

    /** Iterates {@code optionsLength} bytes of options after the fixed header at {@code tcpOffset}. */
    public TcpOptions wrap(MemorySegment segment, long tcpOffset, int optionsLength) {
        this.segment = segment;
        this.tcpOffset = tcpOffset;
        this.start = tcpOffset + TcpHeader.MIN_LENGTH;
        this.end = start + optionsLength;
        return rewind();
    }

    /** Restarts the walk at the first option. */
    public TcpOptions rewind() {
        pos = start;
        kind = END;
        optionOffset = -1;
        optionLength = 0;
        return this;
    }

    /** Advances to the next option: returns its kind, {@link #END} or {@link #MALFORMED}. */
    public int next() {
        while (pos < end) {
            int k = Wire.u8(segment, pos);
            if (k == EOL) {
                break;
            }
            if (k == NOP) {
                pos++;
                continue;
            }
            if (pos + 2 > end) {
                return malformed();
            }
            int len = Wire.u8(segment, pos + 1);
            if (len < 2 || pos + len > end || !lengthFits(k, len)) {
                return malformed();
            }
            kind = k;
            optionOffset = pos;
            optionLength = len;
            pos += len;
            return k;
        }
        pos = end;
        kind = END;
        return END;
    }

    private int malformed() {
        pos = end;
        kind = MALFORMED;
        return MALFORMED;
    }

    private static boolean lengthFits(int kind, int len) {
        return switch (kind) {
            case MSS -> len == MSS_LENGTH;
            case WINDOW_SCALE -> len == WINDOW_SCALE_LENGTH;
            case SACK_PERMITTED -> len == SACK_PERMITTED_LENGTH;
            case TIMESTAMPS -> len == TIMESTAMPS_LENGTH;
            case SACK -> len > 2 && (len - 2) % SACK_BLOCK_LENGTH == 0;
            default -> true;
        };
    }

    /**
     * Checks a whole option list: {@link ParseResult#OK} or {@link ParseResult#BAD_TCP_OPTION}. The
     * parser calls this so that later option rewrites can trust every length.
     */
    public int validate() {
        rewind();
        int k;
        do {
            k = next();
        } while (k >= 0);
        rewind();
        return k == MALFORMED ? ParseResult.BAD_TCP_OPTION : ParseResult.OK;
    }

    /** Kind of the current option. */
    public int kind() {
        return kind;
    }

    /** Absolute offset of the current option's kind byte. */
    public long optionOffset() {
        return optionOffset;
    }

    /** Length byte of the current option. */
    public int optionLength() {
        return optionLength;
    }

    /** Current option is MSS: the advertised maximum segment size. */
    public int mss() {
        return Wire.u16(segment, optionOffset + 2);
    }

    /** Current option is window scale: the shift count (RFC 7323 §2.2). */
    public int windowScale() {
        return Wire.u8(segment, optionOffset + 2);
    }

    /** Current option is SACK: its number of blocks. */
    public int sackBlockCount() {
        return (optionLength - 2) / SACK_BLOCK_LENGTH;
    }

    /** Current option is SACK: left edge of block {@code i}. */
    public int sackLeft(int i) {
        return Wire.i32(segment, sackEdge(i, 0));
    }

    /** Current option is SACK: right edge of block {@code i}. */
    public int sackRight(int i) {
        return Wire.i32(segment, sackEdge(i, 4));
    }

    public TcpOptions sackLeft(int i, int edge) {
        Wire.putI32(segment, sackEdge(i, 0), edge);
        return this;
    }

    public TcpOptions sackRight(int i, int edge) {
        Wire.putI32(segment, sackEdge(i, 4), edge);
        return this;
    }

    private long sackEdge(int block, int which) {
        return optionOffset + 2 + (long) block * SACK_BLOCK_LENGTH + which;
    }

    /** Current option is timestamps: TSval. */
    public int tsVal() {
        return Wire.i32(segment, optionOffset + 2);
    }

    /** Current option is timestamps: TSecr. */
    public int tsEcr() {
        return Wire.i32(segment, optionOffset + 6);
    }

    /** Sets the current MSS option's value without touching the checksum. */
    public TcpOptions mss(int mss) {
        Wire.putU16(segment, optionOffset + 2, mss);
        return this;
    }

    /** Sets the current MSS option's value and fixes the TCP checksum. */
    public TcpOptions rewriteMss(int mss) {
        long at = optionOffset + 2;
        int old = Wire.u16(segment, at);
        Wire.putU16(segment, at, mss);
        return update16(at, old, mss);
    }

    /** Sets left edge {@code i} of the current SACK option and fixes the TCP checksum. */
    public TcpOptions rewriteSackLeft(int i, int edge) {
        return rewrite32(sackEdge(i, 0), edge);
    }

    /** Sets right edge {@code i} of the current SACK option and fixes the TCP checksum. */
    public TcpOptions rewriteSackRight(int i, int edge) {
        return rewrite32(sackEdge(i, 4), edge);
    }

    /** Sets TSval of the current timestamps option and fixes the TCP checksum. */
    public TcpOptions rewriteTsVal(int value) {
        return rewrite32(optionOffset + 2, value);
    }

    /** Sets TSecr of the current timestamps option and fixes the TCP checksum. */
    public TcpOptions rewriteTsEcr(int value) {
        return rewrite32(optionOffset + 6, value);
    }

    /**
     * Overwrites the current option with NOPs and fixes the TCP checksum: how FULLNAT drops client
     * timestamps and SYNPROXY drops options it will not honour, without moving the header.
     */
    public TcpOptions nopOut() {
        int before = laneSum(optionOffset, optionLength);
        for (int i = 0; i < optionLength; i++) {
            Wire.putU8(segment, optionOffset + i, NOP);
        }
        int after = laneSum(optionOffset, optionLength);
        setChecksum(IncrementalChecksum.replace(checksum(), before, after));
        return this;
    }

    /** The MSS value, {@link #ABSENT} or {@link #MALFORMED}; walks from the first option. */
    public int findMss() {
        rewind();
        for (int k = next(); ; k = next()) {
            if (k == MSS) {
                return mss();
            }
            if (k < 0) {
                return k == MALFORMED ? MALFORMED : ABSENT;
            }
        }
    }

    /**
     * Rewrites the MSS option, if any, to {@code mss} with the checksum fixed (FULLNAT takes the TOA
     * length off the real server's MSS). Returns the old value, {@link #ABSENT} or {@link #MALFORMED}.
     */
    public int replaceMss(int mss) {
        int old = findMss();
        if (old >= 0) {
            rewriteMss(mss);
        }
        return old;
    }

    /**
     * Adds {@code delta} to every SACK block edge, with the checksum fixed: the reverse direction of a
     * sequence shift (FULLNAT and SYNPROXY adjust the SACK blocks the peer returns). Returns the number
     * of edges changed or {@link #MALFORMED}.
     */
    public int shiftSackEdges(int delta) {
        rewind();
        int edges = 0;
        for (int k = next(); k >= 0; k = next()) {
            if (k != SACK) {
                continue;
            }
            for (int i = 0, n = sackBlockCount(); i < n; i++) {
                rewriteSackLeft(i, sackLeft(i) + delta);
                rewriteSackRight(i, sackRight(i) + delta);
                edges += 2;
            }
        }
        return kind == MALFORMED ? MALFORMED : edges;
    }

    private TcpOptions rewrite32(long at, int value) {
        int old = Wire.i32(segment, at);
        Wire.putI32(segment, at, value);
        int check = checksum();
        if (((at - tcpOffset) & 1) == 0) {
            check = IncrementalChecksum.update32(check, old, value);
        } else {
            check = IncrementalChecksum.update32(
                    check, IncrementalChecksum.oddLane32(old), IncrementalChecksum.oddLane32(value));
        }
        return setChecksum(check);
    }

    private TcpOptions update16(long at, int old, int value) {
        int check = checksum();
        if (((at - tcpOffset) & 1) == 0) {
            check = IncrementalChecksum.update16(check, old, value);
        } else {
            check = IncrementalChecksum.update16(
                    check, IncrementalChecksum.oddLane16(old), IncrementalChecksum.oddLane16(value));
        }
        return setChecksum(check);
    }

    /** Folded sum of a region as it lands in the TCP checksum, whatever its byte lane. */
    private int laneSum(long at, int length) {
        int folded = InternetChecksum.fold(InternetChecksum.add(0, segment, at, length));
        return ((at - tcpOffset) & 1) == 0 ? folded : InternetChecksum.swap(folded);
    }

    private int checksum() {
        return Wire.u16(segment, tcpOffset + TcpHeader.CHECKSUM);
    }

    private TcpOptions setChecksum(int check) {
        Wire.putU16(segment, tcpOffset + TcpHeader.CHECKSUM, check);
        return this;
    }
}
