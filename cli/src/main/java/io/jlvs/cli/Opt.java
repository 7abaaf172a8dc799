package io.jlvs.cli;

/**
 * The option kinds ipvsadm checks against each command (its OPT_* bits), with the names its
 * messages use, in its order: the legality check reports the first offending kind in this
 * order. LADDR, SYNPROXY and EST_TIMEOUT are alibaba/DPVS additions; CLIENT_ADDRESS, the TOA
 * options, the drain's and CHECKS are jlvs's own.
 */
enum Opt {
    NUMERIC("numeric"),
    CONNECTION("connection"),
    SERVICE("service-address"),
    SCHEDULER("scheduler"),
    PERSISTENT("persistent"),
    NETMASK("netmask"),
    SERVER("real-server"),
    FORWARD("forwarding-method"),
    WEIGHT("weight"),
    UTHRESHOLD("u-threshold"),
    LTHRESHOLD("l-threshold"),
    MCAST("mcast-interface"),
    TIMEOUT("timeout"),
    DAEMON("daemon"),
    STATS("stats"),
    RATE("rate"),
    THRESHOLDS("thresholds"),
    PERSISTENTCONN("persistent-conn"),
    NOSORT("nosort"),
    SYNCID("syncid"),
    EXACT("exact"),
    ONEPACKET("ops"),
    PE("pe"),
    SCHED_FLAGS("sched-flags"),
    MCAST_GROUP("mcast-group"),
    MCAST_PORT("mcast-port"),
    MCAST_TTL("mcast-ttl"),
    SYNC_MAXLEN("sync-maxlen"),
    TUN_INFO("tun-info"),
    TUN_TYPE("tun-type"),
    TUN_PORT("tun-port"),
    TUN_NOCSUM("tun-nocsum"),
    TUN_CSUM("tun-csum"),
    TUN_REMCSUM("tun-remcsum"),
    LADDR("local-address"),
    SYNPROXY("synproxy"),
    CLIENT_ADDRESS("client-address"),
    TOA_IN_SYN("toa-in-syn"),
    TOA_IPV6_KIND("toa-ipv6-kind"),
    EST_TIMEOUT("conn-timeout"),
    // jlvs's drain.
    WAIT("wait"),
    KEEP("keep"),
    IDLE_GRACE("idle-grace"),
    // jlvs's slow start.
    SLOW_START("slow-start"),
    // jlvs's health checks.
    CHECKS("checks");

    private final String label;

    Opt(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
