package io.jlvs.bench.sidebyside;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles and medians, the two summaries the side-by-side figures use. */
final class Percentiles {
    private Percentiles() {}

    /** The q-th percentile (0 < q ≤ 100) of ascending {@code sorted} by nearest rank; 0 if empty. */
    static long nearestRank(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q / 100.0 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }

    /** The median of {@code values} (the mean of the middle two for an even count); NaN if empty. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
