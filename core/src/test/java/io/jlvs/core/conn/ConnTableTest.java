package io.jlvs.core.conn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnTableTest {
    static final int TCP = 6;
    static final int UDP = 17;

    static final Addr CLIENT = Addr.of("198.51.100.7");
    static final Addr VIP = Addr.of("192.0.2.10");
    static final Addr REAL = Addr.of("10.1.0.5");
    static final Addr LADDR = Addr.of("10.1.255.1");

    static final Addr CLIENT6 = Addr.of("2001:db8:c::7");
    static final Addr VIP6 = Addr.of("2001:db8:a::10");
    static final Addr REAL6 = Addr.of("fd00:1::5");
    static final Addr LADDR6 = Addr.of("fd00:1::ffff:1");

    static int insertNat(ConnTable t, int proto, Addr c, int cport, Addr v, int vport, Addr r, int rport) {
        return t.insert(
                proto, c.hi(), c.lo(), cport, v.hi(), v.lo(), vport, r.hi(), r.lo(), rport, -1, 0, 1, 2, FwdMethod.NAT);
    }

    static int lookupIn(ConnTable t, int proto, Addr c, int cport, Addr v, int vport) {
        return t.lookupIn(proto, c.hi(), c.lo(), cport, v.hi(), v.lo(), vport);
    }

    static int lookupOut(ConnTable t, int proto, Addr r, int rport, Addr d, int dport) {
        return t.lookupOut(proto, r.hi(), r.lo(), rport, d.hi(), d.lo(), dport);
    }

    @Test
    void natConnectionIsFoundFromBothDirectionsIpv4() {
        try (ConnTable t = new ConnTable(16, new LocalAddresses(4))) {
            int id = insertNat(t, TCP, CLIENT, 40000, VIP, 80, REAL, 8080);
            assertThat(id).isGreaterThanOrEqualTo(0);
            assertThat(lookupIn(t, TCP, CLIENT, 40000, VIP, 80)).isEqualTo(id);
            // The reply: real:8080 -> client:40000.
            assertThat(lookupOut(t, TCP, REAL, 8080, CLIENT, 40000)).isEqualTo(id);
            // Any field different: miss.
            assertThat(lookupIn(t, UDP, CLIENT, 40000, VIP, 80)).isEqualTo(ConnTable.NOT_FOUND);
            assertThat(lookupIn(t, TCP, CLIENT, 40001, VIP, 80)).isEqualTo(ConnTable.NOT_FOUND);
            assertThat(lookupIn(t, TCP, CLIENT, 40000, VIP, 81)).isEqualTo(ConnTable.NOT_FOUND);
            assertThat(lookupIn(t, TCP, REAL, 40000, VIP, 80)).isEqualTo(ConnTable.NOT_FOUND);
            assertThat(lookupOut(t, TCP, REAL, 8081, CLIENT, 40000)).isEqualTo(ConnTable.NOT_FOUND);
            assertThat(lookupOut(t, TCP, REAL, 8080, VIP, 40000)).isEqualTo(ConnTable.NOT_FOUND);
            // A reply tuple is not an inbound tuple and vice versa.
            assertThat(lookupIn(t, TCP, REAL, 8080, CLIENT, 40000)).isEqualTo(ConnTable.NOT_FOUND);
            assertThat(lookupOut(t, TCP, CLIENT, 40000, VIP, 80)).isEqualTo(ConnTable.NOT_FOUND);
            assertThat(t.size()).isEqualTo(1);
        }
    }

    @Test
    void natConnectionIsFoundFromBothDirectionsIpv6() {
        try (ConnTable t = new ConnTable(16, new LocalAddresses(4))) {
            int id = insertNat(t, UDP, CLIENT6, 5353, VIP6, 53, REAL6, 53);
            assertThat(lookupIn(t, UDP, CLIENT6, 5353, VIP6, 53)).isEqualTo(id);
            assertThat(lookupOut(t, UDP, REAL6, 53, CLIENT6, 5353)).isEqualTo(id);
            // Same low 64 bits, different high 64 bits: a different address.
            Addr other = new Addr(CLIENT6.hi() + 1, CLIENT6.lo());
            assertThat(lookupIn(t, UDP, other, 5353, VIP6, 53)).isEqualTo(ConnTable.NOT_FOUND);
            assertThat(lookupOut(t, UDP, REAL6, 53, other, 5353)).isEqualTo(ConnTable.NOT_FOUND);
        }
    }

    @Test
    void fullnatReplyIsFoundByLocalAddressAndPort() {
        for (boolean v6 : new boolean[] {false, true}) {
            Addr c = v6 ? CLIENT6 : CLIENT;
            Addr v = v6 ? VIP6 : VIP;
            Addr r = v6 ? REAL6 : REAL;
            Addr l = v6 ? LADDR6 : LADDR;
            LocalAddresses locals = new LocalAddresses(4);
            locals.add(Addr.of("10.9.9.9").hi(), Addr.of("10.9.9.9").lo());
            int la = locals.add(l.hi(), l.lo());
            try (ConnTable t = new ConnTable(16, locals)) {
                int id = t.insert(
                        TCP,
                        c.hi(),
                        c.lo(),
                        40000,
                        v.hi(),
                        v.lo(),
                        443,
                        r.hi(),
                        r.lo(),
                        8443,
                        la,
                        5001,
                        3,
                        4,
                        FwdMethod.FULLNAT);
                assertThat(lookupIn(t, TCP, c, 40000, v, 443)).isEqualTo(id);
                assertThat(lookupOut(t, TCP, r, 8443, l, 5001)).isEqualTo(id);
                // The real server never sees the client: a reply to the client's tuple is not ours.
                assertThat(lookupOut(t, TCP, r, 8443, c, 40000)).isEqualTo(ConnTable.NOT_FOUND);
                assertThat(lookupOut(t, TCP, r, 8443, l, 5002)).isEqualTo(ConnTable.NOT_FOUND);
                assertThat(t.localAddress(id)).isEqualTo(la);
                assertThat(t.localPort(id)).isEqualTo(5001);
            }
        }
    }

    @Test
    void fieldsRoundTrip() {
        LocalAddresses locals = new LocalAddresses(2);
        int la = locals.add(LADDR6.hi(), LADDR6.lo());
        try (ConnTable t = new ConnTable(8, locals)) {
            int id = t.insert(
                    TCP,
                    CLIENT6.hi(),
                    CLIENT6.lo(),
                    65535,
                    VIP6.hi(),
                    VIP6.lo(),
                    443,
                    REAL6.hi(),
                    REAL6.lo(),
                    1,
                    la,
                    65000,
                    ConnTable.MAX_SERVICE,
                    ConnTable.MAX_REAL,
                    FwdMethod.FULLNAT);
            assertThat(t.protocol(id)).isEqualTo(TCP);
            assertThat(t.clientHi(id)).isEqualTo(CLIENT6.hi());
            assertThat(t.clientLo(id)).isEqualTo(CLIENT6.lo());
            assertThat(t.clientPort(id)).isEqualTo(65535);
            assertThat(t.virtualHi(id)).isEqualTo(VIP6.hi());
            assertThat(t.virtualLo(id)).isEqualTo(VIP6.lo());
            assertThat(t.virtualPort(id)).isEqualTo(443);
            assertThat(t.realHi(id)).isEqualTo(REAL6.hi());
            assertThat(t.realLo(id)).isEqualTo(REAL6.lo());
            assertThat(t.realPort(id)).isEqualTo(1);
            assertThat(t.localAddress(id)).isEqualTo(la);
            assertThat(t.localPort(id)).isEqualTo(65000);
            assertThat(t.service(id)).isEqualTo(ConnTable.MAX_SERVICE);
            assertThat(t.real(id)).isEqualTo(ConnTable.MAX_REAL);
            assertThat(t.fwd(id)).isEqualTo(FwdMethod.FULLNAT);
            assertThat(t.state(id)).isZero();
            assertThat(t.flags(id)).isZero();
            assertThat(t.template(id)).isEqualTo(-1);
            assertThat(t.seqDelta(id)).isZero();
            assertThat(t.synProxySeqDelta(id)).isZero();
            assertThat(t.synProxyTsDelta(id)).isZero();
            assertThat(t.synProxyWindows(id)).isZero();
            assertThat(t.ackStormCount(id)).isZero();

            t.state(id, 10);
            // Flags are 16 bits, beside the state and forwarding method packed in one byte.
            t.setFlags(id, 0x8181);
            t.clearFlags(id, 0x0101);
            t.template(id, ConnTable.MAX_TEMPLATE);
            t.seqDelta(id, -7);
            t.seqNext(id, ConnTable.IN, 0xFFFF_FFF0);
            t.seqNext(id, ConnTable.OUT, 17);
            t.ackMax(id, ConnTable.IN, 18);
            t.ackMax(id, ConnTable.OUT, 0x8000_0000);
            t.touch(id, 5_000_000_456L);
            assertThat(t.state(id)).isEqualTo(10);
            assertThat(t.flags(id)).isEqualTo(0x8080);
            assertThat(t.template(id)).isEqualTo(ConnTable.MAX_TEMPLATE);
            assertThat(t.seqDelta(id)).isEqualTo(-7);
            assertThat(t.seqNext(id, ConnTable.IN)).isEqualTo(0xFFFF_FFF0);
            assertThat(t.seqNext(id, ConnTable.OUT)).isEqualTo(17);
            assertThat(t.ackMax(id, ConnTable.IN)).isEqualTo(18);
            assertThat(t.ackMax(id, ConnTable.OUT)).isEqualTo(0x8000_0000);
            // Ticks are stored in 32 bits and widened against the current tick.
            assertThat(t.lastTick(id, 5_000_001_000L)).isEqualTo(5_000_000_456L);
            // Writing other fields did not disturb the keys.
            assertThat(lookupIn(t, TCP, CLIENT6, 65535, VIP6, 443)).isEqualTo(id);
            assertThat(lookupOut(t, TCP, REAL6, 1, LADDR6, 65000)).isEqualTo(id);
            assertThat(t.fwd(id)).isEqualTo(FwdMethod.FULLNAT);
            assertThat(t.service(id)).isEqualTo(ConnTable.MAX_SERVICE);
        }
    }

    /** A field written after insert: how to write it and read it back. */
    record Field(
            String name, java.util.function.ObjIntConsumer<Integer> set, java.util.function.IntUnaryOperator get) {}

    /**
     * Every field an entry keeps has bytes of its own: writing any one with a value unlike the
     * others' leaves every other field, the keys included, as it was. Catches a layout whose
     * offsets overlap (the entry is packed to 116 bytes, several fields narrower than a word). The
     * one deliberate overlap, SYNPROXY's pending-handshake slot in the server → client delta, is
     * checked to be exactly that.
     */
    @Test
    void everyFieldKeepsItsOwnBytes() {
        LocalAddresses locals = new LocalAddresses(2);
        int la = locals.add(LADDR6.hi(), LADDR6.lo());
        try (ConnTable t = new ConnTable(8, locals)) {
            // A neighbour on each side, to catch writes past an entry's ends.
            int before = insertNat(t, TCP, CLIENT, 1, VIP, 80, REAL, 80);
            int id = t.insert(
                    TCP,
                    CLIENT6.hi(),
                    CLIENT6.lo(),
                    40000,
                    VIP6.hi(),
                    VIP6.lo(),
                    443,
                    REAL6.hi(),
                    REAL6.lo(),
                    8443,
                    la,
                    5001,
                    7,
                    0xBEEF,
                    FwdMethod.FULLNAT);
            int after = insertNat(t, TCP, CLIENT, 2, VIP, 80, REAL, 80);
            long tick = 5_000_000_000L;
            List<Field> fields = List.of(
                    new Field("state", (i, v) -> t.state(i, v & 0xF), i -> t.state(i)),
                    new Field("flags", (i, v) -> t.flags(i, v & 0xFFFF), i -> t.flags(i)),
                    new Field("template", (i, v) -> t.template(i, v & 0xFF_FFFF), i -> t.template(i)),
                    new Field("seqDelta", t::seqDelta, i -> t.seqDelta(i)),
                    new Field("seqNext in", (i, v) -> t.seqNext(i, ConnTable.IN, v), i -> t.seqNext(i, ConnTable.IN)),
                    new Field(
                            "seqNext out", (i, v) -> t.seqNext(i, ConnTable.OUT, v), i -> t.seqNext(i, ConnTable.OUT)),
                    new Field("ackMax in", (i, v) -> t.ackMax(i, ConnTable.IN, v), i -> t.ackMax(i, ConnTable.IN)),
                    new Field("ackMax out", (i, v) -> t.ackMax(i, ConnTable.OUT, v), i -> t.ackMax(i, ConnTable.OUT)),
                    new Field("lastTick", (i, v) -> t.touch(i, tick + v), i -> (int) (t.lastTick(i, tick) - tick)),
                    new Field("expires", t::expiresRaw, t::expiresRaw),
                    new Field("timerNext", t::timerNext, t::timerNext),
                    new Field("timerPrev", t::timerPrev, t::timerPrev),
                    new Field("synProxySeqDelta", t::synProxySeqDelta, t::synProxySeqDelta),
                    new Field("synProxyTsDelta", t::synProxyTsDelta, t::synProxyTsDelta),
                    new Field("synProxyWindows", (i, v) -> t.synProxyWindows(i, v & 0xFF), t::synProxyWindows),
                    new Field("ackStormCount", (i, v) -> t.ackStormCount(i, v & 0xFFFF), t::ackStormCount));
            // Values whose every byte differs from the others' (a field narrower than 32 bits keeps its low bits).
            int[] values = new int[fields.size()];
            for (int f = 0; f < values.length; f++) {
                int b = 0x11 * (f + 1) & 0xFF;
                values[f] = b << 24 | (b ^ 0x5A) << 16 | (b ^ 0xA5) << 8 | (b ^ 0x3C);
                if (fields.get(f).name().equals("state")) {
                    values[f] = 9;
                } else if (fields.get(f).name().equals("lastTick")) {
                    values[f] = 123_456; // within 2^31 ticks of the clock it is read against
                }
                fields.get(f).set().accept(id, values[f]);
            }
            for (int f = 0; f < values.length; f++) {
                Field field = fields.get(f);
                int changed = ~values[f];
                if (field.name().equals("state")) {
                    changed = 6;
                } else if (field.name().equals("lastTick")) {
                    changed = -654_321;
                }
                int[] others = new int[values.length];
                for (int g = 0; g < values.length; g++) {
                    others[g] = fields.get(g).get().applyAsInt(id);
                }
                field.set().accept(id, changed);
                assertThat(field.get().applyAsInt(id)).as(field.name()).isNotEqualTo(others[f]);
                for (int g = 0; g < values.length; g++) {
                    if (g != f) {
                        assertThat(fields.get(g).get().applyAsInt(id))
                                .as("%s after writing %s", fields.get(g).name(), field.name())
                                .isEqualTo(others[g]);
                    }
                }
                field.set().accept(id, values[f]);
                assertThat(field.get().applyAsInt(id)).as(field.name()).isEqualTo(others[f]);
                // The fixed fields and keys are untouched by it.
                assertThat(lookupIn(t, TCP, CLIENT6, 40000, VIP6, 443)).isEqualTo(id);
                assertThat(lookupOut(t, TCP, REAL6, 8443, LADDR6, 5001)).isEqualTo(id);
                assertThat(t.protocol(id)).isEqualTo(TCP);
                assertThat(t.real(id)).isEqualTo(0xBEEF);
                assertThat(t.service(id)).isEqualTo(7);
                assertThat(t.localAddress(id)).isEqualTo(la);
                assertThat(t.localPort(id)).isEqualTo(5001);
                assertThat(t.fwd(id)).isEqualTo(FwdMethod.FULLNAT);
                assertThat(t.realPort(id)).isEqualTo(8443);
            }
            // The neighbours kept their keys and their (zero) fields.
            for (int n : new int[] {before, after}) {
                assertThat(t.real(n)).isEqualTo(2);
                assertThat(t.template(n)).isEqualTo(-1);
                assertThat(t.synProxyTsDelta(n)).isZero();
                assertThat(t.synProxySeqDelta(n)).isZero();
                assertThat(t.ackStormCount(n)).isZero();
                assertThat(t.synProxyWindows(n)).isZero();
            }
            assertThat(lookupIn(t, TCP, CLIENT, 1, VIP, 80)).isEqualTo(before);
            assertThat(lookupIn(t, TCP, CLIENT, 2, VIP, 80)).isEqualTo(after);
            // The one shared place: the pending handshake's slot is the delta's bytes, by design.
            t.synProxySlot(id, 42);
            assertThat(t.synProxySeqDelta(id)).isEqualTo(42);
        }
    }

    @Test
    void noServiceIsMinusOne() {
        try (ConnTable t = new ConnTable(4, new LocalAddresses(1))) {
            int id = t.insert(TCP, 0, 1, 1, 0, 2, 2, 0, 3, 3, -1, 0, -1, 0, FwdMethod.DR);
            assertThat(t.service(id)).isEqualTo(-1);
            assertThat(t.localAddress(id)).isEqualTo(-1);
            assertThat(t.localPort(id)).isZero();
            assertThat(t.fwd(id)).isEqualTo(FwdMethod.DR);
        }
    }

    @Test
    void widenRecoversFullTicksAcrossTheLow32BitWrap() {
        long now = 0x1_0000_0010L;
        assertThat(ConnTable.widen((int) 0xFFFF_FFF0L, now)).isEqualTo(0xFFFF_FFF0L);
        assertThat(ConnTable.widen(0x20, now)).isEqualTo(0x1_0000_0020L);
        assertThat(ConnTable.widen((int) now, now)).isEqualTo(now);
    }

    @Test
    void duplicateTuplesAreRefusedAndChangeNothing() {
        try (ConnTable t = new ConnTable(8, new LocalAddresses(1))) {
            int id = insertNat(t, TCP, CLIENT, 1000, VIP, 80, REAL, 80);
            // Same inbound tuple.
            assertThat(insertNat(t, TCP, CLIENT, 1000, VIP, 80, Addr.of("10.1.0.6"), 80))
                    .isEqualTo(ConnTable.DUPLICATE_IN);
            // Same client port towards another VIP landing on the same real:port gives the same
            // reply tuple; a reply could not be told apart, so the second flow is refused.
            assertThat(insertNat(t, TCP, CLIENT, 1000, Addr.of("192.0.2.11"), 80, REAL, 80))
                    .isEqualTo(ConnTable.DUPLICATE_OUT);
            assertThat(t.size()).isEqualTo(1);
            assertThat(lookupIn(t, TCP, CLIENT, 1000, VIP, 80)).isEqualTo(id);
            assertThat(lookupOut(t, TCP, REAL, 80, CLIENT, 1000)).isEqualTo(id);
            assertThat(t.real(id)).isEqualTo(2);
        }
    }

    @Test
    void invalidArgumentsAreAResultCode() {
        try (ConnTable t = new ConnTable(8, new LocalAddresses(1))) {
            assertThat(t.insert(0, 0, 1, 1, 0, 2, 2, 0, 3, 3, -1, 0, 0, 0, FwdMethod.NAT))
                    .isEqualTo(ConnTable.INVALID);
            assertThat(t.insert(256, 0, 1, 1, 0, 2, 2, 0, 3, 3, -1, 0, 0, 0, FwdMethod.NAT))
                    .isEqualTo(ConnTable.INVALID);
            // Local address index not registered.
            assertThat(t.insert(TCP, 0, 1, 1, 0, 2, 2, 0, 3, 3, 0, 5000, 0, 0, FwdMethod.FULLNAT))
                    .isEqualTo(ConnTable.INVALID);
            assertThat(t.insert(TCP, 0, 1, 1, 0, 2, 2, 0, 3, 3, -1, 0, ConnTable.MAX_SERVICE + 1, 0, FwdMethod.NAT))
                    .isEqualTo(ConnTable.INVALID);
            assertThat(t.insert(TCP, 0, 1, 1, 0, 2, 2, 0, 3, 3, -1, 0, 0, -1, FwdMethod.NAT))
                    .isEqualTo(ConnTable.INVALID);
            assertThat(t.insert(TCP, 0, 1, 1, 0, 2, 2, 0, 3, 3, -1, 0, 0, ConnTable.MAX_REAL + 1, FwdMethod.NAT))
                    .isEqualTo(ConnTable.INVALID);
            assertThat(t.insert(TCP, 0, 1, 1, 0, 2, 2, 0, 3, 3, -1, 0, 0, 0, 1)).isEqualTo(ConnTable.INVALID);
            assertThat(t.size()).isZero();
        }
    }

    @Test
    void fullTableRefusesNewFlowsAndKeepsExistingOnes() {
        int cap = 1000;
        try (ConnTable t = new ConnTable(cap, new LocalAddresses(1))) {
            int[] ids = new int[cap];
            for (int i = 0; i < cap; i++) {
                ids[i] = insertNat(t, TCP, Addr.v4(i), 1024 + i, VIP, 80, REAL, 80);
                t.seqDelta(ids[i], i * 31);
            }
            assertThat(t.size()).isEqualTo(cap);
            for (int i = 0; i < 10; i++) {
                assertThat(insertNat(t, TCP, Addr.v4(cap + i), 7, VIP, 80, REAL, 80))
                        .isEqualTo(ConnTable.FULL);
            }
            assertThat(t.size()).isEqualTo(cap);
            for (int i = 0; i < cap; i++) {
                assertThat(lookupIn(t, TCP, Addr.v4(i), 1024 + i, VIP, 80)).isEqualTo(ids[i]);
                assertThat(lookupOut(t, TCP, REAL, 80, Addr.v4(i), 1024 + i)).isEqualTo(ids[i]);
                assertThat(t.seqDelta(ids[i])).isEqualTo(i * 31);
            }
            t.remove(ids[500]);
            int again = insertNat(t, TCP, Addr.v4(cap), 7, VIP, 80, REAL, 80);
            assertThat(again).isEqualTo(ids[500]); // the freed entry is reused
            assertThat(lookupIn(t, TCP, Addr.v4(500), 1524, VIP, 80)).isEqualTo(ConnTable.NOT_FOUND);
        }
    }

    @Test
    void removeTakesTheConnectionOutOfBothIndices() {
        try (ConnTable t = new ConnTable(8, new LocalAddresses(1))) {
            int a = insertNat(t, TCP, CLIENT, 1, VIP, 80, REAL, 80);
            int b = insertNat(t, TCP, CLIENT, 2, VIP, 80, REAL, 80);
            t.remove(a);
            assertThat(t.isUsed(a)).isFalse();
            assertThat(t.isUsed(b)).isTrue();
            assertThat(lookupIn(t, TCP, CLIENT, 1, VIP, 80)).isEqualTo(ConnTable.NOT_FOUND);
            assertThat(lookupOut(t, TCP, REAL, 80, CLIENT, 1)).isEqualTo(ConnTable.NOT_FOUND);
            assertThat(lookupIn(t, TCP, CLIENT, 2, VIP, 80)).isEqualTo(b);
            assertThat(lookupOut(t, TCP, REAL, 80, CLIENT, 2)).isEqualTo(b);
            t.remove(a); // twice: no effect
            assertThat(t.size()).isEqualTo(1);
            assertThat(t.nextUsed(0)).isEqualTo(b);
            assertThat(t.nextUsed(b + 1)).isEqualTo(-1);
            assertThat(t.isUsed(-1)).isFalse();
            assertThat(t.isUsed(8)).isFalse();
        }
    }

    @Test
    void constructorRejectsBadSizes() {
        LocalAddresses l = new LocalAddresses(1);
        assertThatThrownBy(() -> new ConnTable(0, l)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnTable(ConnTable.MAX_CAPACITY + 1, l))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnTable(10, 0.66, l, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnTable(10, 0.91, l, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * DESIGN.md §3.6: at most 128 bytes per connection including both index slots, SYNPROXY's
     * included (its fields are in every entry). The default is 116 + 2 × 4 / (2/3) = 128, the
     * lowest load factor allowed; 0.9 is about 124.9. The timer wheel's bucket heads come on top
     * (4 bytes per bucket, one bucket per four connections at most: WorkerConfig.timerBucketsFor).
     */
    @Test
    void memoryPerConnectionIsAtMost128BytesIncludingBothIndexSlots() {
        int cap = 1_000_000;
        assertThat(ConnTable.ENTRY_BYTES).isEqualTo(116);
        assertThat(ConnTable.bytesFor(cap, ConnTable.DEFAULT_LOAD_FACTOR)).isEqualTo(128L * cap);
        try (ConnTable t = new ConnTable(cap, new LocalAddresses(1))) {
            assertThat((double) t.bytesAllocated() / t.capacity()).isLessThanOrEqualTo(128.0);
            assertThat(t.slotCount()).isEqualTo(3 * cap); // 2 slots per connection at load 2/3
        }
        for (int c : new int[] {1, 7, 1000, 999_999, 10_000_000}) {
            for (double lf : new double[] {2.0 / 3.0, 0.7, 0.75, 0.9}) {
                assertThat((double) ConnTable.bytesFor(c, lf) / c)
                        .as("capacity %d load %f", c, lf)
                        .isLessThanOrEqualTo(128.0 + 4.0 / c); // ceil adds at most one slot
            }
        }
    }

    /** A table sized for 10 million connections can be made; a million of them are filled. */
    @Test
    void tenMillionCapacityTableIsCreatedAndTakesAMillion() {
        int cap = 10_000_000;
        try (ConnTable t = new ConnTable(cap, new LocalAddresses(1))) {
            assertThat(t.bytesAllocated()).isEqualTo(128L * cap);
            int n = 1_000_000;
            int wrong = 0;
            for (int i = 0; i < n; i++) {
                Addr c = Addr.v4(i >>> 6);
                int cport = 1024 + (i & 63);
                if (insertNat(t, TCP, c, cport, VIP, 443, REAL, 443) != i) {
                    wrong++;
                }
            }
            assertThat(wrong).isZero();
            assertThat(t.size()).isEqualTo(n);
            for (int i = 0; i < n; i += 997) {
                Addr c = Addr.v4(i >>> 6);
                assertThat(lookupIn(t, TCP, c, 1024 + (i & 63), VIP, 443)).isEqualTo(i);
                assertThat(lookupOut(t, TCP, REAL, 443, c, 1024 + (i & 63))).isEqualTo(i);
            }
        }
    }

    /**
     * Millions of insert/remove cycles at a steady 90 % fill leave probe lengths where a table
     * freshly filled with the same connections has them: deletion leaves no tombstones.
     */
    @Test
    void probeLengthsStayBoundedUnderChurn() {
        int cap = 100_000;
        int live = 90_000;
        int cycles = 2_000_000;
        try (ConnTable t = new ConnTable(cap, ConnTable.DEFAULT_LOAD_FACTOR, new LocalAddresses(1), 42)) {
            ArrayDeque<int[]> fifo = new ArrayDeque<>();
            int next = 0;
            for (; next < live; next++) {
                fifo.add(new int[] {churnInsert(t, next), next});
            }
            double meanBefore = t.meanProbeLength();
            int maxBefore = t.maxProbeLength();
            for (int c = 0; c < cycles; c++) {
                int[] oldest = fifo.poll();
                t.remove(oldest[0]);
                fifo.add(new int[] {churnInsert(t, next), next});
                next++;
            }
            assertThat(t.size()).isEqualTo(live);
            double meanAfter = t.meanProbeLength();
            int maxAfter = t.maxProbeLength();

            try (ConnTable fresh = new ConnTable(cap, ConnTable.DEFAULT_LOAD_FACTOR, new LocalAddresses(1), 42)) {
                for (int[] e : fifo) {
                    churnInsert(fresh, e[1]);
                }
                double meanFresh = fresh.meanProbeLength();
                // Linear probing at slot load 0.6 expects 1 + 0.5 × 0.6 / 0.4 = 1.75 probes.
                assertThat(meanBefore).isLessThan(2.2);
                assertThat(meanAfter).isLessThan(meanFresh * 1.05);
                assertThat(meanAfter).isLessThan(2.2);
                assertThat(maxAfter).isLessThan(Math.max(2 * maxBefore, 64));
            }
            // Every live connection is still found from both sides.
            for (int[] e : fifo) {
                int i = e[1];
                assertThat(lookupIn(t, TCP, Addr.v4(i / 50_000), 1024 + i % 50_000, VIP, 80))
                        .isEqualTo(e[0]);
                assertThat(lookupOut(t, TCP, Addr.v4(0x100000 + i % 7), 80, Addr.v4(i / 50_000), 1024 + i % 50_000))
                        .isEqualTo(e[0]);
            }
        }
    }

    private static int churnInsert(ConnTable t, int i) {
        int id = insertNat(t, TCP, Addr.v4(i / 50_000), 1024 + i % 50_000, VIP, 80, Addr.v4(0x100000 + i % 7), 80);
        assertThat(id).isGreaterThanOrEqualTo(0);
        return id;
    }
}
