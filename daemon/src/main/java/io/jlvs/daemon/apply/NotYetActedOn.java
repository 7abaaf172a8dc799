package io.jlvs.daemon.apply;

import io.jlvs.daemon.config.ClientAddressMode;
import io.jlvs.daemon.config.DrainPolicy;
import io.jlvs.daemon.config.KeepalivedConfig;
import io.jlvs.daemon.config.RealServer;
import io.jlvs.daemon.config.VirtualServer;
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
        for (VirtualServer vs : config.virtualServers()) {
            String where = vs.position() + ": virtual_server " + vs.name() + ": ";
            boolean checked =
                    vs.realServers().stream().anyMatch(r -> !r.checkers().isEmpty());
            if (checked) {
                out.add(where + "health checkers are parsed but not run yet: every real server stays in rotation");
            }
            if (vs.sorryServer().isPresent()) {
                out.add(where + "sorry_server is not used yet (it needs health checking)");
            }
            if (vs.onePacket()) {
                out.add(where
                        + "ops (one-packet scheduling) is not implemented yet: datagrams of one flow stay together");
            }
            if (vs.method().method() == io.jlvs.daemon.config.ForwardingMethod.FULLNAT
                    && vs.clientAddress() != ClientAddressMode.NONE) {
                out.add(where + "client_address " + vs.clientAddress().keyword()
                        + " is not implemented yet: real servers see the local address");
            }
            if (!vs.drain().equals(DrainPolicy.DEFAULT)) {
                out.add(where + "drain settings are not acted on yet: a removed real server is removed at once");
            }
            for (RealServer rs : vs.realServers()) {
                if (rs.notifyUp().isPresent() || rs.notifyDown().isPresent()) {
                    out.add(where + rs + ": notify_up/notify_down need health checking; not run");
                }
            }
        }
        return out;
    }
}
