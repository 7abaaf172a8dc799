package io.jlvs.daemon.config;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code lvs_sync_daemon IF [[inst] VRRP_INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group IP]}:
 * connection synchronisation between directors, with the kernel's defaults (port 8848, TTL 1, group
 * 224.0.0.81). An absent {@code id} means the VRID of the instance, or 0 without one.
 */
public record LvsSyncDaemon(
        String interfaceName,
        Optional<String> vrrpInstance,
        OptionalInt syncId,
        OptionalInt maxLength,
        int port,
        int ttl,
        IpAddress group) {

    public static final int DEFAULT_PORT = 8848;
    public static final int DEFAULT_TTL = 1;
    public static final IpAddress DEFAULT_GROUP = IpAddress.ofV4(0xE000_0051);

    @Override
    public String toString() {
        return interfaceName + vrrpInstance.map(i -> " inst " + i).orElse("")
                + (syncId.isPresent() ? " id " + syncId.getAsInt() : "")
                + (maxLength.isPresent() ? " maxlen " + maxLength.getAsInt() : "") + " port " + port + " ttl " + ttl
                + " group " + group;
    }
}
