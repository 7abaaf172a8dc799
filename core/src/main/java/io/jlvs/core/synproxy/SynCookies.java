package io.jlvs.core.synproxy;

import io.jlvs.core.net.InetAddr;
import io.jlvs.core.xmit.SipHash;

/**
 * SYN cookies: the initial sequence number the director gives a client so that the client's ACK
 * proves it received the SYN-ACK, with nothing stored in between (RFC 4987 §3.6).
 *
 * <p><b>Cookie</b> (32 bits, the SYN-ACK's sequence number; the client's ACK returns it plus one):
 *
 * <pre>
 *   bits 31..4  28 bits of SipHash-2-4(key(epoch), client address, virtual address, ports, client ISN, count)
 *               (IPv4: three words, addresses | ports and ISN | count; IPv6: six, the addresses in four)
 *   bit  3      the low bit of count
 *   bits 2..0   MSS index into {@link #MSS_TABLE}
 * </pre>
 *
 * {@code count} is a time counter of {@link #COUNTER_MILLIS} (64 s, as Linux's minute); a cookie is
 * valid while the counter has moved by at most one ({@link #MAX_AGE} counts), so its life is 64 to
 * 128 s. The bit of count in the cookie names which of the two counts to check, so verifying costs
 * one hash, as encoding does, and a flood of forged ACKs costs what a flood of SYNs does.
 *
 * <p><b>Keys.</b> The 128-bit SipHash key changes every {@link #EPOCH_COUNTS} counts (about 17
 * minutes): key(epoch) is SipHash of the epoch under a master secret drawn once by the control
 * plane. A key observed or guessed for one epoch says nothing about the next one (SipHash is a
 * PRF), and the director needs no clock but the worker's tick. The current and previous epoch's
 * keys are cached, so rotation allocates nothing.
 *
 * <p><b>Options in the timestamp</b> (Linux {@code cookie_init_timestamp}): a client that sends
 * timestamps echoes our TSval in every segment, so the low 6 bits of the SYN-ACK's TSval carry what
 * the client offered: window scale (bits 3..0; 15 = none), SACK permitted (bit 4) and ECN (bit 5).
 * A client without timestamps gets neither window scaling nor SACK from a cookie, exactly as from
 * Linux's syncookies. These bits are not authenticated (nor are Linux's): a client can only lie
 * about its own options.
 *
 * <p>Packet-path code: no allocation, no lock, no exception.
 */
public final class SynCookies {
    /** MSS values a cookie can carry; the largest not above what the client offered is chosen. */
    static final int[] MSS_TABLE = {536, 1024, 1220, 1280, 1300, 1400, 1440, 1460};
    /** The RFC 9293 §3.7.1 default when the client sends no MSS option. */
    public static final int DEFAULT_MSS = 536;

    public static final long COUNTER_MILLIS = 64_000;
    /** A cookie is good for the count it was made in and the next one. */
    public static final int MAX_AGE = 2;
    /** Counts per key epoch. */
    public static final int EPOCH_COUNTS = 16;

    /** Timestamp option bits (low 6 bits of TSval). */
    public static final int TS_WSCALE_MASK = 0x0F;

    public static final int TS_NO_WSCALE = 0x0F;
    public static final int TS_SACK = 0x10;
    public static final int TS_ECN = 0x20;
    public static final int TS_OPTION_BITS = 0x3F;
    /** The largest shift RFC 7323 §2.3 allows. */
    public static final int MAX_WSCALE = 14;

    /** {@link #verify} result: not a cookie of ours for this tuple and time. */
    public static final int INVALID = -1;

    private static final long SPREAD = 0x9E37_79B9_7F4A_7C15L;

    /** Keyed with the master secret: derives each epoch's key. */
    private final SipHash master;
    /** Keyed with the current epoch's key; {@link #previous} with the one before. */
    private final SipHash current = new SipHash(0, 0);

    private final SipHash previous = new SipHash(0, 0);
    private long epoch = Long.MIN_VALUE;

    /** Cookies under a master secret; {@code secret} must be unguessable (the control plane's random). */
    public SynCookies(long secret) {
        this.master = new SipHash(secret, Long.rotateLeft(secret * SPREAD, 31) ^ SPREAD);
    }

    /** The time counter at {@code nowMillis}. */
    public static long count(long nowMillis) {
        return Math.floorDiv(nowMillis, COUNTER_MILLIS);
    }

    /** The index of the largest MSS of {@link #MSS_TABLE} not above {@code mss} (0 below them all). */
    public static int mssIndex(int mss) {
        int i = MSS_TABLE.length - 1;
        while (i > 0 && MSS_TABLE[i] > mss) {
            i--;
        }
        return i;
    }

    /** The MSS of an index {@link #verify} returned. */
    public static int mss(int index) {
        return MSS_TABLE[index];
    }

    /**
     * The cookie for a client's SYN: client cHi/cLo:cport to vHi/vLo:vport with initial sequence
     * number {@code clientIsn}, advertising {@code clientMss} (or {@link #DEFAULT_MSS}).
     */
    public int encode(
            long cHi,
            long cLo,
            int cport,
            long vHi,
            long vLo,
            int vport,
            int clientIsn,
            int clientMss,
            long nowMillis) {
        long c = count(nowMillis);
        int h = hash(c, cHi, cLo, cport, vHi, vLo, vport, clientIsn);
        return (h & ~0xF) | (int) ((c & 1) << 3) | mssIndex(clientMss);
    }

    /**
     * Checks {@code cookie} (the client's ACK number minus one) against the tuple and the client's
     * initial sequence number (its ACK's sequence number minus one). Returns the MSS index it
     * carries, or {@link #INVALID}.
     */
    public int verify(
            long cHi, long cLo, int cport, long vHi, long vLo, int vport, int clientIsn, int cookie, long nowMillis) {
        long now = count(nowMillis);
        // The one count of the window [now - 1, now] whose low bit the cookie names.
        long c = ((now ^ (cookie >>> 3)) & 1) == 0 ? now : now - 1;
        int h = hash(c, cHi, cLo, cport, vHi, vLo, vport, clientIsn);
        return ((h ^ cookie) & ~0xF) == 0 ? cookie & 0x7 : INVALID;
    }

    private int hash(long c, long cHi, long cLo, int cport, long vHi, long vLo, int vport, int clientIsn) {
        long e = Math.floorDiv(c, EPOCH_COUNTS);
        SipHash h;
        if (e == epoch) {
            h = current;
        } else if (e == epoch - 1) {
            h = previous;
        } else {
            rotateTo(e);
            h = current;
        }
        long portsAndIsn =
                ((long) (cport & 0xFFFF) << 48) | ((long) (vport & 0xFFFF) << 32) | (clientIsn & 0xFFFF_FFFFL);
        if (InetAddr.isV4(cHi, cLo) && InetAddr.isV4(vHi, vLo)) {
            // Three words, not six: fewer rounds on every IPv4 SYN (issue 8 asks for 200 ns per SYN).
            long addrs = ((long) InetAddr.v4(cLo) << 32) | (InetAddr.v4(vLo) & 0xFFFF_FFFFL);
            return (int) h.hash(addrs, portsAndIsn, c);
        }
        return (int) h.hash(cHi, cLo, vHi, vLo, portsAndIsn, c);
    }

    /** Makes epoch {@code e} the current one; the next epoch's rotation reuses its key. */
    private void rotateTo(long e) {
        if (e == epoch + 1) {
            previous.key(current.k0(), current.k1());
        } else {
            previous.key(master.hash(e - 1, 0, 0), master.hash(e - 1, 1, 0));
        }
        current.key(master.hash(e, 0, 0), master.hash(e, 1, 0));
        epoch = e;
    }

    /**
     * The TSval of the cookie SYN-ACK: the timestamp clock {@code tsClock} with its low 6 bits
     * replaced by the client's options.
     */
    public static int timestamp(int tsClock, int clientWscale, boolean sackOk, boolean ecnOk) {
        int ws = clientWscale < 0 ? TS_NO_WSCALE : Math.min(clientWscale, MAX_WSCALE);
        return (tsClock & ~TS_OPTION_BITS) | ws | (sackOk ? TS_SACK : 0) | (ecnOk ? TS_ECN : 0);
    }

    /** The client's window scale from an echoed TSval, or -1 if it offered none. */
    public static int wscaleOf(int tsEcr) {
        int ws = tsEcr & TS_WSCALE_MASK;
        return ws > MAX_WSCALE ? -1 : ws;
    }

    public static boolean sackOf(int tsEcr) {
        return (tsEcr & TS_SACK) != 0;
    }

    public static boolean ecnOf(int tsEcr) {
        return (tsEcr & TS_ECN) != 0;
    }
}
