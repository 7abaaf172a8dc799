package io.jlvs.daemon.health;

/**
 * What one attempt of a checker found.
 *
 * @param ok whether the server passed
 * @param reason {@code ok}, or a short failure label used in logs and as a metric label: {@code
 *     refused}, {@code timeout}, {@code unreachable}, {@code reset}, {@code tls}, {@code no_data},
 *     {@code status_code}, {@code digest}, {@code regex}, {@code reply}, {@code exit_code}, {@code
 *     signal}, {@code error}
 * @param detail the result in words, for the log and {@code jlvsadm --checks}
 * @param weight the weight a {@code misc_dynamic} script asked for (exit status - 2), or -1
 */
public record CheckResult(boolean ok, String reason, String detail, int weight) {

    public static final String OK = "ok";

    public static CheckResult success(String detail) {
        return new CheckResult(true, OK, detail, -1);
    }

    public static CheckResult failure(String reason, String detail) {
        return new CheckResult(false, reason, detail, -1);
    }
}
