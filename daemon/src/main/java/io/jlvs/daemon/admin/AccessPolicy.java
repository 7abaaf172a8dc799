package io.jlvs.daemon.admin;

import jdk.net.UnixDomainPrincipal;

/**
 * Who may change the table. The socket's mode already keeps everyone but the daemon's user out;
 * this second check reads the peer's credentials (SO_PEERCRED) so a socket whose mode was loosened
 * by hand still refuses changes, the way the kernel refuses ipvsadm without CAP_NET_ADMIN.
 */
@FunctionalInterface
public interface AccessPolicy {
    boolean mayChange(UnixDomainPrincipal peer);

    /** root, or the user jlvsd runs as. */
    static AccessPolicy rootOrDaemonUser() {
        String self = System.getProperty("user.name");
        return peer -> {
            String name = peer.user().getName();
            return name.equals("root") || name.equals(self);
        };
    }
}
