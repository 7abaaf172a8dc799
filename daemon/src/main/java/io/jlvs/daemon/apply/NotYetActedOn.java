package io.jlvs.daemon.apply;

import io.jlvs.daemon.config.Checker;
import io.jlvs.daemon.config.KeepalivedConfig;
import io.jlvs.daemon.config.RealServer;
import io.jlvs.daemon.config.VirtualServer;
import io.jlvs.daemon.health.CheckFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a configuration jlvsd reads but does not act on yet. An operator bringing a
 * keepalived.conf must be told, not left to find out that a health check never runs or that a
 * real server sees the local address instead of the client: one warning per service and feature,
 * naming where it was written.
 */
public final class NotYetActedOn {
    private NotYetActedOn() {}

    public static List<String> warnings(KeepalivedConfig config) {
        List<String> out = new ArrayList<>();
        config.globalDefs()
                .lvsSyncDaemon()
                .ifPresent(s -> out.add("lvs_sync_daemon: connection sync is not implemented; ignored"));
        var mail = config.globalDefs().notification();
        if (mail.smtpServer().isPresent() && !mail.emails().isEmpty()) {
            // keepalived mails smtp_alert's state changes only with both set.
            out.add("global_defs: smtp_server and notification_email: jlvs sends no e-mail alerts;"
                    + " state changes are in its log and metrics");
        }
        for (VirtualServer vs : config.virtualServers()) {
            String where = vs.position() + ": virtual_server " + vs.name() + ": ";
            for (RealServer rs : vs.realServers()) {
                for (Checker c : rs.checkers()) {
                    if (!CheckFactory.runs(c)) {
                        out.add(where + rs + ": " + c.type()
                                + " is not run by jlvs: it is ignored (the server's other checkers decide)");
                    }
                    c.connectOptions()
                            .filter(o -> o.fwmark() != 0 || o.bindInterface().isPresent())
                            .ifPresent(o -> out.add(where + rs + ": " + c.type()
                                    + ": fwmark and bind_if are not applied to check connections"));
                }
            }
            if (vs.onePacket()) {
                out.add(where
                        + "ops (one-packet scheduling) is not implemented yet: datagrams of one flow stay together");
            }
        }
        config.ssl()
                .filter(s -> s.ca().isPresent() || s.certificate().isPresent())
                .ifPresent(s -> out.add(
                        "SSL: ca and certificate are not used: SSL_GET checks no certificate" + " and presents none"));
        return out;
    }
}
