package io.jlvs.bench.sidebyside;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SideBySideReportTest {
    static final ObjectMapper M = new ObjectMapper();

    static JsonNode wrkCell(int round, String w, String t, long requests, double cpu, long p99) throws Exception {
        return M.readTree("""
                {"round":%d,"workload":"%s","target":"%s",
                 "wrk":{"duration_us":10000000,"requests":%d,"bytes":%d,
                        "errors":{"connect":0,"read":1,"write":0,"status":0,"timeout":0},
                        "latency_us":{"p50":500,"p90":800,"p99":%d,"p999":2000,"mean":600.0,"max":3000}},
                 "counters":{"window_s":10.1,"cpu_kind":"process","director_cpu_s":%s,"director_core_busy_s":5,
                             "client_core_busy_s":9,"c1_tx_packets":0,"c2_tx_packets":0,"rs_rx_packets":0}}
                """.formatted(round, w, t, requests, requests * 200, p99, cpu));
    }

    static JsonNode meta() throws Exception {
        return M.readTree("""
                {"date":"2026-11-24","quick":false,"rounds":2,"seconds_per_cell":10,"warmup_seconds":3,
                 "client_cpu":0,"director_cpu":1,"nproc":2,"targets":["nftables","haproxy","jlvsd-fullnat"],
                 "workloads":["newconn"],"synproxy":{"available":false,"why":"probe said no"},"latency_rate":null}
                """);
    }

    @Test
    void takesMediansOverRoundsAndRatiosToNftablesOfTheSameRun() throws Exception {
        List<JsonNode> cells = new ArrayList<>();
        cells.add(wrkCell(1, "newconn", "nftables", 200_000, 2.0, 1000));
        cells.add(wrkCell(2, "newconn", "nftables", 300_000, 3.0, 1000));
        cells.add(wrkCell(1, "newconn", "haproxy", 100_000, 4.0, 3000));
        cells.add(wrkCell(2, "newconn", "haproxy", 100_000, 4.0, 3000));
        cells.add(wrkCell(1, "newconn", "jlvsd-fullnat", 240_000, 1.2, 1500));
        cells.add(wrkCell(2, "newconn", "jlvsd-fullnat", 260_000, 1.3, 1500));
        SideBySideReport r = new SideBySideReport(meta(), cells);

        SideBySideReport.Row nft = r.row("newconn", "nftables").orElseThrow();
        assertThat(nft.rounds()).isEqualTo(2);
        assertThat(nft.median().requestsPerSecond()).isEqualTo(25_000.0);
        assertThat(nft.ratio().requestsPerSecond()).isEqualTo(1.0);
        SideBySideReport.Row j = r.row("newconn", "jlvsd-fullnat").orElseThrow();
        assertThat(j.median().requestsPerSecond()).isEqualTo(25_000.0);
        assertThat(j.ratio().p99Micros()).isEqualTo(1.5);
        // CPU per 100k: 1.25 s over 250 000 requests = 0.5 s; HAProxy's 4 s over 100 000 = 4 s.
        assertThat(j.median().cpuPer100k()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));

        assertThat(r.checks())
                .filteredOn(
                        c -> c.what().contains("≥ 0.9 × nftables") && c.what().contains("new connections"))
                .singleElement()
                .satisfies(c -> assertThat(c.verdict()).isEqualTo("met"));
        assertThat(r.checks())
                .filteredOn(c -> c.what().contains("≥ 2 × HAProxy"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.value()).isEqualTo(2.5);
                    assertThat(c.met()).isTrue();
                });
        assertThat(r.checks())
                .filteredOn(c -> c.what().contains("keep-alive requests/s"))
                .singleElement()
                .satisfies(c -> assertThat(c.verdict()).isEqualTo("not measured"));

        String md = r.markdown(null);
        assertThat(md)
                .contains(
                        "| (a) new connection per request | jlvsd FULLNAT | 25,000 (1.00×) | 500 (1.00×) | 1,500 (1.50×) |")
                .contains("SYNPROXY: no row. probe said no");
        JsonNode json = r.json(M);
        assertThat(json.get("rows")).hasSize(3);
        assertThat(json.get("rows").get(0).get("median").get("flood_pps").isNull())
                .isTrue();
    }

    @Test
    void aMissedTargetSaysByHowMuch() {
        SideBySideReport.Check ratio = new SideBySideReport.Check("x", 0.45, "×", 0.9, true, true);
        assertThat(ratio.verdict()).isEqualTo("**missed** by 50 %");
        SideBySideReport.Check cpu = new SideBySideReport.Check("y", 0.75, "×", 0.5, false, true);
        assertThat(cpu.verdict()).isEqualTo("**missed** by 50 %");
        SideBySideReport.Check lat = new SideBySideReport.Check("z", 350, "µs", 100, false, true);
        assertThat(lat.verdict()).isEqualTo("**missed** by 250 µs");
    }
}
