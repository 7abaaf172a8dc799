package io.jlvs.daemon.config;

import java.math.BigDecimal;
import java.time.Duration;

/** keepalived's TIMER values: seconds with up to six decimals (microsecond resolution). */
final class Durations {
    private Durations() {}

    /** {@code 3s}, {@code 0.5s}: the shortest decimal that round-trips. */
    static String format(Duration d) {
        BigDecimal seconds = BigDecimal.valueOf(d.getSeconds())
                .add(BigDecimal.valueOf(d.getNano(), 9))
                .stripTrailingZeros();
        return seconds.toPlainString() + "s";
    }
}
