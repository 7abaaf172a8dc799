package io.jlvs.core.conn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Random insert / remove / lookup sequences against a model of two hash maps (inbound tuple to
 * connection, outbound tuple to connection), on a table small enough to fill up, with tuples from
 * small domains so duplicates and shared clusters are common.
 */
class ConnTableModelTest {
    record In(int proto, Addr c, int cport, Addr v, int vport) {}

    record Out(int proto, Addr r, int rport, Addr d, int dport) {}

    record Conn(In in, Out out, Addr r, int laddr, int lport, int service, int real, int fwd) {}

    static final int CAP = 24;

    @Property(tries = 300)
    void behavesLikeTwoHashMaps(
            @ForAll @Size(max = 400) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> script,
            @ForAll boolean v6,
            @ForAll @IntRange(min = 0, max = 2) int loadFactorChoice,
            @ForAll long seed) {
        double lf = new double[] {ConnTable.DEFAULT_LOAD_FACTOR, 0.75, 0.9}[loadFactorChoice];
        LocalAddresses locals = new LocalAddresses(4);
        Addr[] laddrs = {addr(v6, 900), addr(v6, 901)};
        for (Addr l : laddrs) {
            locals.add(l.hi(), l.lo());
        }
        Map<In, Integer> byIn = new HashMap<>();
        Map<Out, Integer> byOut = new HashMap<>();
        Map<Integer, Conn> conns = new HashMap<>();
        try (ConnTable t = new ConnTable(CAP, lf, locals, seed)) {
            for (int op : script) {
                int kind = op & 3;
                int x = op >>> 2;
                if (kind <= 1) {
                    Conn c = conn(v6, x, laddrs);
                    int id = t.insert(
                            c.in().proto(),
                            c.in().c().hi(),
                            c.in().c().lo(),
                            c.in().cport(),
                            c.in().v().hi(),
                            c.in().v().lo(),
                            c.in().vport(),
                            c.r().hi(),
                            c.r().lo(),
                            c.out().rport(),
                            c.laddr(),
                            c.lport(),
                            c.service(),
                            c.real(),
                            c.fwd());
                    int expected = conns.size() == CAP
                            ? ConnTable.FULL
                            : byIn.containsKey(c.in())
                                    ? ConnTable.DUPLICATE_IN
                                    : byOut.containsKey(c.out()) ? ConnTable.DUPLICATE_OUT : 0;
                    Statistics.label("insert")
                            .collect(
                                    switch (expected) {
                                        case ConnTable.FULL -> "full";
                                        case ConnTable.DUPLICATE_IN -> "duplicate in";
                                        case ConnTable.DUPLICATE_OUT -> "duplicate out";
                                        default -> "inserted";
                                    });
                    if (expected < 0) {
                        assertThat(id).isEqualTo(expected);
                    } else {
                        assertThat(id).isBetween(0, CAP - 1);
                        assertThat(conns).doesNotContainKey(id);
                        conns.put(id, c);
                        byIn.put(c.in(), id);
                        byOut.put(c.out(), id);
                    }
                } else if (kind == 2) {
                    if (conns.isEmpty()) {
                        t.remove(x % CAP); // a free id: must be harmless
                        continue;
                    }
                    List<Integer> ids = new ArrayList<>(conns.keySet());
                    int id = ids.get(x % ids.size());
                    Conn c = conns.remove(id);
                    byIn.remove(c.in());
                    byOut.remove(c.out());
                    t.remove(id);
                } else {
                    // Look up arbitrary tuples from the same small domains, hits and misses.
                    Conn probe = conn(v6, x, laddrs);
                    In in = probe.in();
                    Out out = probe.out();
                    assertThat(lookup(t, in)).isEqualTo(byIn.getOrDefault(in, ConnTable.NOT_FOUND));
                    assertThat(lookup(t, out)).isEqualTo(byOut.getOrDefault(out, ConnTable.NOT_FOUND));
                    Statistics.label("lookup in").collect(byIn.containsKey(in) ? "hit" : "miss");
                    Statistics.label("lookup out").collect(byOut.containsKey(out) ? "hit" : "miss");
                }
                assertThat(t.size()).isEqualTo(conns.size());
            }
            // Everything the model holds is in the table, from both sides, with its fields.
            for (var e : conns.entrySet()) {
                int id = e.getKey();
                Conn c = e.getValue();
                In in = c.in();
                Out out = c.out();
                assertThat(lookup(t, in)).isEqualTo(id);
                assertThat(lookup(t, out)).isEqualTo(id);
                assertThat(t.real(id)).isEqualTo(c.real());
                assertThat(t.service(id)).isEqualTo(c.service());
                assertThat(t.fwd(id)).isEqualTo(c.fwd());
                assertThat(t.localAddress(id)).isEqualTo(c.laddr());
                assertThat(t.isUsed(id)).isTrue();
            }
        }
        // The script space must reach every outcome, or the property proves less than it says.
        Statistics.label("insert").coverage(check -> {
            check.check("full").count((Integer n) -> n > 0);
            check.check("duplicate in").count((Integer n) -> n > 0);
            check.check("duplicate out").count((Integer n) -> n > 0);
            check.check("inserted").count((Integer n) -> n > 0);
        });
        Statistics.label("lookup in").coverage(check -> check.check("hit").count((Integer n) -> n > 0));
        Statistics.label("lookup out").coverage(check -> check.check("hit").count((Integer n) -> n > 0));
    }

    static int lookup(ConnTable t, In in) {
        return t.lookupIn(
                in.proto(),
                in.c().hi(),
                in.c().lo(),
                in.cport(),
                in.v().hi(),
                in.v().lo(),
                in.vport());
    }

    static int lookup(ConnTable t, Out out) {
        return t.lookupOut(
                out.proto(),
                out.r().hi(),
                out.r().lo(),
                out.rport(),
                out.d().hi(),
                out.d().lo(),
                out.dport());
    }

    /** A connection whose every field is drawn from a small domain by the bits of {@code x}. */
    static Conn conn(boolean v6, int x, Addr[] laddrs) {
        int proto = (x & 1) == 0 ? 6 : 17;
        Addr c = addr(v6, 100 + (x >>> 1) % 5);
        int cport = 1000 + (x >>> 4) % 4;
        Addr v = addr(v6, 200 + (x >>> 6) % 2);
        int vport = 80 + (x >>> 7) % 2;
        Addr r = addr(v6, 300 + (x >>> 8) % 3);
        int rport = 8080 + (x >>> 10) % 2;
        boolean fullnat = ((x >>> 11) & 1) != 0;
        int laddr = fullnat ? (x >>> 12) % 2 : -1;
        int lport = fullnat ? 5000 + (x >>> 13) % 3 : 0;
        int fwd = fullnat ? FwdMethod.FULLNAT : FwdMethod.NAT;
        Addr d = fullnat ? laddrs[laddr] : c;
        int dport = fullnat ? lport : cport;
        return new Conn(
                new In(proto, c, cport, v, vport),
                new Out(proto, r, rport, d, dport),
                r,
                laddr,
                lport,
                (x >>> 15) % 3 - 1,
                (x >>> 17) % 100,
                fwd);
    }

    static Addr addr(boolean v6, int n) {
        return v6 ? Addr.v6(n) : Addr.v4(n);
    }
}
