package io.jlvs.bench;

import io.jlvs.core.conn.ConnTable;
import io.jlvs.core.conn.FwdMethod;
import io.jlvs.core.conn.LocalAddresses;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.IpProtocol;
import java.util.Locale;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link ConnTable#lookupIn} hits in a table filled to its capacity (1M or 10M IPv4 TCP
 * connections, NAT, three real servers), in a random order precomputed so that each operation is
 * the lookup alone: at these sizes nearly every lookup misses the CPU caches, which is the cost a
 * busy director sees. The table is sized for exactly the connections it holds, at the default
 * load factor; its bytes per connection (entry + index slots) are printed at set-up.
 *
 * <p>The 10M table is 1.28 GB (128 B a connection) of native memory from an {@code Arena}, outside the Java heap (and
 * not counted against {@code -XX:MaxDirectMemorySize}); the fork's heap holds only the 12 MB of
 * precomputed lookups.
 */
public class ConnTableLookupBenchmark extends JmhSettings {
    /** Precomputed lookups, a power of two; far more than any cache holds in tuples. */
    static final int LOOKUPS = 1 << 20;

    static final int VPORT = 80;
    static final long VIP_LO = InetAddr.v4Lo(0xC612_0064); // 198.18.0.100
    private static final long[] REAL_LO = {
        InetAddr.v4Lo(0xC612_010B), InetAddr.v4Lo(0xC612_010C), InetAddr.v4Lo(0xC612_010D)
    };

    @Param({"1000000", "10000000"})
    public int connections;

    ConnTable table;
    final long[] lookupClientLo = new long[LOOKUPS];
    final int[] lookupClientPort = new int[LOOKUPS];
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        table = fill(connections);
        SplittableRandom random = new SplittableRandom(42);
        for (int k = 0; k < LOOKUPS; k++) {
            int i = random.nextInt(connections);
            lookupClientLo[k] = InetAddr.v4Lo(clientAddress(i));
            lookupClientPort[k] = clientPort(i);
        }
        for (int k = 0; k < LOOKUPS; k++) {
            if (lookup(k) < 0) {
                throw new IllegalStateException("precomputed lookup " + k + " misses");
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%nConnTable: %d connections in a table of capacity %d: %d bytes, %.1f bytes per connection"
                        + " (%d-byte entry + %d index slots of %d bytes); mean probe length %.2f, max %d%n",
                table.size(),
                table.capacity(),
                table.bytesAllocated(),
                bytesPerConnection(table),
                ConnTable.ENTRY_BYTES,
                table.slotCount(),
                ConnTable.SLOT_BYTES,
                table.meanProbeLength(),
                table.maxProbeLength());
    }

    /**
     * A table of capacity {@code n} holding {@code n} connections: client i is {@link
     * #clientAddress}(i):{@link #clientPort}(i) → VIP:80, NAT to real server i mod 3.
     */
    static ConnTable fill(int n) {
        ConnTable t = new ConnTable(n, ConnTable.DEFAULT_LOAD_FACTOR, new LocalAddresses(1), 0x5EED);
        if (t.bytesAllocated() != ConnTable.bytesFor(n, ConnTable.DEFAULT_LOAD_FACTOR)) {
            throw new IllegalStateException("table allocated " + t.bytesAllocated() + " bytes, not bytesFor()");
        }
        for (int i = 0; i < n; i++) {
            int real = i % REAL_LO.length;
            int id = t.insert(
                    IpProtocol.TCP,
                    0,
                    InetAddr.v4Lo(clientAddress(i)),
                    clientPort(i),
                    0,
                    VIP_LO,
                    VPORT,
                    0,
                    REAL_LO[real],
                    VPORT,
                    -1,
                    0,
                    0,
                    real,
                    FwdMethod.NAT);
            if (id < 0) {
                throw new IllegalStateException("insert " + i + " of " + n + " failed: " + id);
            }
        }
        return t;
    }

    /** Bytes of native memory per connection the table can hold, index slots included. */
    static double bytesPerConnection(ConnTable t) {
        return (double) t.bytesAllocated() / t.capacity();
    }

    /** Client i's address: 10.0.0.0 upwards, 1024 ports each (IPv4 as an int). */
    static int clientAddress(int i) {
        return 0x0A00_0000 + (i >>> 10);
    }

    static int clientPort(int i) {
        return 1024 + (i & 0x3FF);
    }

    int lookup(int k) {
        return table.lookupIn(IpProtocol.TCP, 0, lookupClientLo[k], lookupClientPort[k], 0, VIP_LO, VPORT);
    }

    @TearDown(Level.Trial)
    public void close() {
        table.close();
    }

    @Benchmark
    public int lookupIn() {
        int k = next;
        next = (k + 1) & (LOOKUPS - 1);
        return lookup(k);
    }
}
