package io.jlvs.daemon.config;

import java.util.List;

/**
 * {@code SMTP_CHECK}: expect 220 on connect, 250 to HELO, 221 to QUIT.
 *
 * @param heloName {@code helo_name}, default keepalived's {@code smtpchecker.keepalived.org}
 * @param hosts the deprecated {@code host { ... }} blocks: further targets checked the same way
 */
public record SmtpCheck(ConnectOptions connect, CheckTiming timing, String heloName, List<ConnectOptions> hosts)
        implements Checker {

    public SmtpCheck {
        hosts = List.copyOf(hosts);
    }

    @Override
    public String type() {
        return "SMTP_CHECK";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type())
                .append(" { ")
                .append(connect)
                .append(' ')
                .append(timing)
                .append(" helo_name ")
                .append(heloName);
        for (ConnectOptions h : hosts) {
            sb.append(" host { ").append(h).append(" }");
        }
        return sb.append(" }").toString();
    }
}
