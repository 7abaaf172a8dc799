package io.jlvs.api;

/**
 * A slow start under way, as listed with its real server: the server came back and its weight is
 * ramping up to the configured one, which listings keep showing in ipvsadm's Weight column.
 *
 * @param permille the share of its weight schedulers give it now, in thousandths (1..999)
 * @param elapsedMillis since it came back
 * @param windowMillis the whole ramp ({@code slow_start})
 */
public record SlowStartProgress(int permille, long elapsedMillis, long windowMillis) {
    /** The weight schedulers use now, as a fraction of {@code weight}. */
    public double effectiveWeight(int weight) {
        return weight * permille / 1000.0;
    }
}
