package io.jlvs.daemon.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The mail settings of {@code global_defs}: {@code notification_email}, {@code
 * notification_email_from}, {@code smtp_server HOST [PORT]} (port 25), {@code smtp_helo_name}, {@code
 * smtp_connect_timeout} (30 s), and the alert switches. {@code smtpAlert} and {@code
 * smtpAlertChecker} are empty when not set, since keepalived's per-server defaults depend on that.
 */
public record Notification(
        List<String> emails,
        Optional<String> emailFrom,
        Optional<String> smtpServer,
        int smtpPort,
        Optional<String> smtpHeloName,
        Duration smtpConnectTimeout,
        Optional<Boolean> smtpAlert,
        Optional<Boolean> smtpAlertChecker) {

    public static final int DEFAULT_SMTP_PORT = 25;
    public static final Duration DEFAULT_SMTP_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    public Notification {
        emails = List.copyOf(emails);
    }
}
