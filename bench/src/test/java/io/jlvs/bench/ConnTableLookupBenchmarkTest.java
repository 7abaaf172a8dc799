package io.jlvs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.core.conn.ConnTable;
import io.jlvs.core.net.InetAddr;
import io.jlvs.core.packet.IpProtocol;
import org.junit.jupiter.api.Test;

/** The lookup benchmark's table is full, every precomputed lookup hits the connection it names. */
class ConnTableLookupBenchmarkTest {
    @Test
    void filledTableHoldsEveryTupleAtItsCapacity() {
        int n = 50_000;
        try (ConnTable t = ConnTableLookupBenchmark.fill(n)) {
            assertThat(t.size()).isEqualTo(n);
            assertThat(t.capacity()).isEqualTo(n);
            for (int i = 0; i < n; i += 7) {
                int id = t.lookupIn(
                        IpProtocol.TCP,
                        0,
                        InetAddr.v4Lo(ConnTableLookupBenchmark.clientAddress(i)),
                        ConnTableLookupBenchmark.clientPort(i),
                        0,
                        ConnTableLookupBenchmark.VIP_LO,
                        ConnTableLookupBenchmark.VPORT);
                assertThat(id).isNotNegative();
                assertThat(t.clientPort(id)).isEqualTo(ConnTableLookupBenchmark.clientPort(i));
                assertThat(t.real(id)).isEqualTo(i % 3);
            }
            assertThat(ConnTableLookupBenchmark.bytesPerConnection(t)).isEqualTo(128.0);
        }
    }

    @Test
    void benchmarkOperationsAreHitsOnRandomConnections() {
        ConnTableLookupBenchmark b = new ConnTableLookupBenchmark();
        b.connections = 100_000;
        b.setUp();
        try {
            int distinct = 0;
            int previous = -1;
            for (int k = 0; k < 10_000; k++) {
                int id = b.lookupIn();
                assertThat(id).isNotNegative();
                distinct += id != previous ? 1 : 0;
                previous = id;
            }
            // Random picks among 100 000: consecutive repeats are rare.
            assertThat(distinct).isGreaterThan(9_900);
        } finally {
            b.close();
        }
    }
}
