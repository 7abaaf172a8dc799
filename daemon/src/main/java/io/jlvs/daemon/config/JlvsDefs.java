package io.jlvs.daemon.config;

import io.jlvs.core.synproxy.SynProxySettings;
import java.nio.file.Path;
import java.util.List;

/**
 * jlvs's own settings, written in keepalived's grammar so one file configures the whole director.
 * The defaults are written once, here. The IPVS and SYNPROXY sysctls ({@code expire_*}, {@code
 * synproxy_*}) are also {@code jlvsadm --sysctl}'s and a reload that changes one sets it; the others
 * are read at start only.
 *
 * <pre>
 * jlvs_defs {
 *     interface eth0            # an interface the data plane serves; repeat for each (none: the
 *     interface eth1            #   daemon's command line must name them)
 *     workers 2                 # data-plane worker threads, one per core (default 1)
 *     conn_table_size 1048576   # connections each worker can track (default 2^20, as alibaba/LVS)
 *     admin_socket /run/jlvs/jlvsd.sock    # the admin API's Unix socket (this is the default)
 *     metrics_listen 127.0.0.1:9189        # Prometheus endpoint (default; IPv6 as [::1]:9189)
 *     expire_nodest_conn 0      # 1: a flow whose real server was removed is reset at once (IPVS sysctl)
 *     expire_quiescent_template 0   # 1: persistence templates of weight-0 servers expire (IPVS sysctl)
 *     synproxy_init_mss 1452    # alibaba/LVS's SYNPROXY sysctls, same names and ranges (see
 *     synproxy_sack 1           #   io.jlvs.core.synproxy.SynProxySettings for the two defaults
 *     synproxy_wscale 7         #   that differ from alibaba's, and why)
 *     synproxy_timestamp 1
 *     synproxy_synack_ttl 63
 *     synproxy_defer 0
 *     synproxy_ack_skb_store_thresh 3
 *     synproxy_ack_storm_thresh 10
 *     synproxy_syn_retry 3
 * }
 * </pre>
 *
 * <p>Per {@code virtual_server}, jlvs adds (see {@link VirtualServer}, {@link DrainPolicy}; a drain
 * figure a service does not give is the {@code drain_timeout} or {@code drain_idle_grace_ms} setting
 * of {@code jlvsadm --sysctl}):
 *
 * <pre>
 * client_address none|toa|proxy_v1|proxy_v2   # toa: FNAT TCP (its default); proxy_v*: NAT or FNAT
 * toa_in_syn                 # the client's SYN carries the TOA option too (default: only the
 *                            #   segments after the handshake, which alibaba's toa module reads)
 * toa_ipv6_kind 253          # TOA option kind for IPv6 clients: 253 alibaba (default), 254 DPVS
 * drain_timeout 300          # seconds a drained real server's flows may live (default: the setting, 300)
 * idle_grace 0.5             # seconds of silence after which a flow is idle (default: the setting, 0.5)
 * drain_on_failure           # a failed check drains the server instead of removing it
 * drain_on_removal           # a server removed by a reload is drained instead of deleted
 * slow_start 30              # seconds over which a returning real server's weight ramps up
 *                            #   (default 0: none; also per real_server)
 * </pre>
 */
public record JlvsDefs(
        List<String> interfaces,
        int workers,
        int connTableSize,
        Path adminSocket,
        Endpoint metricsListen,
        boolean expireNodestConn,
        boolean expireQuiescentTemplate,
        SynProxySettings synProxy) {

    public static final int DEFAULT_WORKERS = 1;
    public static final int MAX_WORKERS = 1024;
    public static final int DEFAULT_CONN_TABLE_SIZE = 1 << 20;
    /** 2^30 connections per worker is far beyond any RAM the 128-byte entries would fit in. */
    public static final int MAX_CONN_TABLE_SIZE = 1 << 30;

    public static final Path DEFAULT_ADMIN_SOCKET = Path.of("/run/jlvs/jlvsd.sock");
    public static final Endpoint DEFAULT_METRICS_LISTEN = new Endpoint(IpAddress.ofV4(0x7F00_0001), 9189);

    public static final JlvsDefs DEFAULT = new JlvsDefs(
            List.of(),
            DEFAULT_WORKERS,
            DEFAULT_CONN_TABLE_SIZE,
            DEFAULT_ADMIN_SOCKET,
            DEFAULT_METRICS_LISTEN,
            false,
            false,
            SynProxySettings.DEFAULTS);

    public JlvsDefs {
        interfaces = List.copyOf(interfaces);
    }
}
