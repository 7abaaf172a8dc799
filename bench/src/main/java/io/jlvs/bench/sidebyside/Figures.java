package io.jlvs.bench.sidebyside;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The figures of one cell (one target under one workload in one round) or their median over the
 * rounds. NaN where a figure does not apply (no latency for the UDP packet rate, no MB/s for the
 * fixed-rate latency run).
 *
 * @param requestsPerSecond requests (HTTP) or delivered packets (UDP) per second
 * @param p50Micros median latency
 * @param p99Micros 99th percentile latency
 * @param errors failed requests (wrk's socket errors and non-2xx; lost packets for UDP)
 * @param megabytesPerSecond response bytes (HTTP) or delivered frame bytes (UDP) per second, 10^6
 * @param cpuPer100k the director's CPU seconds per 100 000 requests or packets
 * @param floodPps SYN flood packets per second sent during the cell (NaN without a flood)
 */
public record Figures(
        double requestsPerSecond,
        double p50Micros,
        double p99Micros,
        double errors,
        double megabytesPerSecond,
        double cpuPer100k,
        double floodPps) {

    /** Bytes of one small-UDP frame on the wire (UdpBlaster.FRAME_LENGTH). */
    static final int UDP_FRAME_BYTES = 60;

    /** The figures of one cell as side-by-side.sh recorded it. */
    static Figures of(JsonNode cell) {
        JsonNode c = cell.path("counters");
        double cpu = c.path("director_cpu_s").asDouble();
        double window = c.path("window_s").asDouble();
        if (cell.has("wrk")) {
            JsonNode w = cell.get("wrk");
            double secs = w.path("duration_us").asDouble() / 1e6;
            double requests = w.path("requests").asDouble();
            JsonNode e = w.path("errors");
            double errors = e.path("connect").asDouble()
                    + e.path("read").asDouble()
                    + e.path("write").asDouble()
                    + e.path("status").asDouble()
                    + e.path("timeout").asDouble();
            double flood = cell.has("flood") ? c.path("c2_tx_packets").asDouble() / window : Double.NaN;
            return new Figures(
                    requests / secs,
                    w.path("latency_us").path("p50").asDouble(),
                    w.path("latency_us").path("p99").asDouble(),
                    errors,
                    w.path("bytes").asDouble() / secs / 1e6,
                    per100k(cpu, requests),
                    flood);
        }
        if (cell.has("openloop")) {
            JsonNode l = cell.get("openloop");
            return new Figures(
                    l.path("achieved_rate").asDouble(),
                    l.path("latency_us").path("p50").asDouble(),
                    l.path("latency_us").path("p99").asDouble(),
                    l.path("errors").asDouble() + l.path("incomplete").asDouble(),
                    Double.NaN,
                    per100k(cpu, l.path("completed").asDouble()),
                    Double.NaN);
        }
        if (cell.has("udp")) {
            double delivered = c.path("rs_rx_packets").asDouble();
            double lost = Math.max(0, c.path("c1_tx_packets").asDouble() - delivered);
            return new Figures(
                    delivered / window,
                    Double.NaN,
                    Double.NaN,
                    lost,
                    delivered * UDP_FRAME_BYTES / window / 1e6,
                    per100k(cpu, delivered),
                    Double.NaN);
        }
        throw new IllegalArgumentException("a cell with neither wrk, openloop nor udp figures: " + cell);
    }

    private static double per100k(double cpuSeconds, double count) {
        return count > 0 ? cpuSeconds / count * 100_000 : Double.NaN;
    }

    /** Figure by figure, the median over {@code rounds}. */
    static Figures median(List<Figures> rounds) {
        return new Figures(
                med(rounds, Figures::requestsPerSecond),
                med(rounds, Figures::p50Micros),
                med(rounds, Figures::p99Micros),
                med(rounds, Figures::errors),
                med(rounds, Figures::megabytesPerSecond),
                med(rounds, Figures::cpuPer100k),
                med(rounds, Figures::floodPps));
    }

    private static double med(List<Figures> rounds, ToDoubleFunction<Figures> f) {
        List<Double> v = new ArrayList<>();
        for (Figures r : rounds) {
            double x = f.applyAsDouble(r);
            if (!Double.isNaN(x)) {
                v.add(x);
            }
        }
        return Percentiles.median(v);
    }

    /** Figure by figure, this over {@code base}; NaN where either is missing or base is 0. */
    Figures over(Figures base) {
        return new Figures(
                ratio(requestsPerSecond, base.requestsPerSecond),
                ratio(p50Micros, base.p50Micros),
                ratio(p99Micros, base.p99Micros),
                ratio(errors, base.errors),
                ratio(megabytesPerSecond, base.megabytesPerSecond),
                ratio(cpuPer100k, base.cpuPer100k),
                ratio(floodPps, base.floodPps));
    }

    static double ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? Double.NaN : a / b;
    }
}
