package io.jlvs.api;

import io.jlvs.core.service.ClientAddressSpec;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A virtual service as the operator configures it: everything {@code ipvsadm -A} takes, plus the
 * alibaba/DPVS additions. An edit ({@code -E}) replaces the whole configuration, as the kernel's
 * {@code IP_VS_SO_SET_EDIT} does; real servers and local addresses are not part of it.
 *
 * <p>This type checks only shape (no nulls, ranges a field can hold); whether a value is accepted
 * (a known scheduler, a netmask the family can have) is the registry's call, with the kernel's
 * error for each case.
 *
 * @param scheduler scheduler name ({@code -s}), e.g. "wlc"
 * @param schedFlags scheduler flags ({@code --sched-flags}): {@link #SCHED_FLAG_1} | {@link
 *     #SCHED_FLAG_2} | {@link #SCHED_FLAG_3}; their meaning is the scheduler's (sh-fallback and
 *     sh-port for sh, mh-fallback and mh-port for mh)
 * @param persistent persistence on ({@code -p})
 * @param persistenceTimeout persistence timeout in seconds; 0 when not persistent
 * @param netmask persistence granularity ({@code -M}) as a prefix length: 0..32 for IPv4 (32 =
 *     per client), 1..128 for IPv6
 * @param persistenceEngine persistence engine ({@code --pe}); empty for none
 * @param onePacket one-packet scheduling ({@code -o}), UDP and fwmark services only
 * @param synProxy SYNPROXY on (alibaba/DPVS {@code -j enable})
 * @param establishedTimeout per-service timeout of established TCP connections in seconds
 *     (alibaba {@code -V}, DPVS {@code --conn-timeout}); 0 keeps the protocol default
 * @param clientAddress how a NAT/FULLNAT real server learns the client's address (jlvs {@code
 *     --client-address}, keepalived-style {@code client_address}): none, the TOA option, or a PROXY
 *     protocol header; for TOA also {@code --toa-in-syn} and {@code --toa-ipv6-kind}
 */
public record ServiceConfig(
        ServiceKey key,
        String scheduler,
        int schedFlags,
        boolean persistent,
        int persistenceTimeout,
        int netmask,
        String persistenceEngine,
        boolean onePacket,
        boolean synProxy,
        int establishedTimeout,
        ClientAddressSpec clientAddress) {

    /** ipvsadm's default scheduler (DEF_SCHED). */
    public static final String DEFAULT_SCHEDULER = "wlc";

    /** ipvsadm's default persistence timeout (IPVS_SVC_PERSISTENT_TIMEOUT), seconds. */
    public static final int DEFAULT_PERSISTENCE_TIMEOUT = 300;

    /** IP_VS_SVC_F_SCHED1 (sh-fallback, mh-fallback). */
    public static final int SCHED_FLAG_1 = 1;

    /** IP_VS_SVC_F_SCHED2 (sh-port, mh-port). */
    public static final int SCHED_FLAG_2 = 2;

    /** IP_VS_SVC_F_SCHED3. */
    public static final int SCHED_FLAG_3 = 4;

    public ServiceConfig {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(persistenceEngine, "persistenceEngine");
        Objects.requireNonNull(clientAddress, "clientAddress");
    }

    /** A service with ipvsadm's defaults: wlc, no persistence, per-client granularity. */
    public static ServiceConfig of(ServiceKey key) {
        return new ServiceConfig(
                key,
                DEFAULT_SCHEDULER,
                0,
                false,
                0,
                key.family() == Family.INET ? 32 : 128,
                "",
                false,
                false,
                0,
                ClientAddressSpec.NONE);
    }

    public ServiceConfig withScheduler(String name) {
        return edit(d -> d.scheduler = name);
    }

    public ServiceConfig withSchedFlags(int flags) {
        return edit(d -> d.schedFlags = flags);
    }

    /** Persistence with a timeout (seconds) and a granularity prefix length. */
    public ServiceConfig withPersistence(int timeout, int prefix) {
        return edit(d -> {
            d.persistent = true;
            d.persistenceTimeout = timeout;
            d.netmask = prefix;
        });
    }

    public ServiceConfig withPersistenceEngine(String name) {
        return edit(d -> d.persistenceEngine = name);
    }

    public ServiceConfig withOnePacket(boolean on) {
        return edit(d -> d.onePacket = on);
    }

    public ServiceConfig withSynProxy(boolean on) {
        return edit(d -> d.synProxy = on);
    }

    public ServiceConfig withEstablishedTimeout(int seconds) {
        return edit(d -> d.establishedTimeout = seconds);
    }

    public ServiceConfig withClientAddress(ClientAddressSpec spec) {
        return edit(d -> d.clientAddress = spec);
    }

    /** This configuration with {@code change} made: the one place the withers name every component. */
    private ServiceConfig edit(Consumer<Draft> change) {
        Draft d = new Draft(this);
        change.accept(d);
        return new ServiceConfig(
                key,
                d.scheduler,
                d.schedFlags,
                d.persistent,
                d.persistenceTimeout,
                d.netmask,
                d.persistenceEngine,
                d.onePacket,
                d.synProxy,
                d.establishedTimeout,
                d.clientAddress);
    }

    /** The components a wither may change, as mutable fields. */
    private static final class Draft {
        String scheduler;
        int schedFlags;
        boolean persistent;
        int persistenceTimeout;
        int netmask;
        String persistenceEngine;
        boolean onePacket;
        boolean synProxy;
        int establishedTimeout;
        ClientAddressSpec clientAddress;

        Draft(ServiceConfig c) {
            scheduler = c.scheduler;
            schedFlags = c.schedFlags;
            persistent = c.persistent;
            persistenceTimeout = c.persistenceTimeout;
            netmask = c.netmask;
            persistenceEngine = c.persistenceEngine;
            onePacket = c.onePacket;
            synProxy = c.synProxy;
            establishedTimeout = c.establishedTimeout;
            clientAddress = c.clientAddress;
        }
    }
}
