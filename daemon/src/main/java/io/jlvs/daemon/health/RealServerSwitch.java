package io.jlvs.daemon.health;

import io.jlvs.api.RealServerConfig;
import io.jlvs.api.ServiceKey;

/**
 * Where every table change the health checks cause goes: a real server or sorry server put in
 * service, or taken out. One implementation issues the registry commands ({@link RegistrySwitch});
 * a drain policy can take {@link #down} over without the checkers knowing.
 */
public interface RealServerSwitch {

    /** How a server leaves service. */
    enum Removal {
        /** Deleted from the table (keepalived's default). */
        REMOVE,
        /** Kept in the table at weight 0: no new connections, existing ones go on ({@code inhibit_on_failure}). */
        INHIBIT
    }

    /** Puts {@code server} in service as given: added, or its entry edited to this (weight restored or changed). */
    void up(ServiceKey service, RealServerConfig server, String reason);

    /** Takes {@code server} out of service, as {@code how} says. */
    void down(ServiceKey service, RealServerConfig server, Removal how, String reason);
}
