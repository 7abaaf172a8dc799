package io.jlvs.core.synproxy;

/**
 * The SYNPROXY settings, under alibaba/LVS's sysctl names ({@code /proc/sys/net/ipv4/vs/synproxy_*}),
 * with the defaults written once in {@link #DEFAULTS}.
 *
 * <p>Two defaults differ from alibaba's, because jlvs carries the client's options in the
 * timestamp as Linux does and translates windows: {@code synproxy_timestamp} is 1 (alibaba 0: its
 * cookie has spare bits for the options, and it strips timestamps) and {@code synproxy_wscale} is
 * 7 (alibaba 0, no scaling): with timestamps off a client gets neither SACK nor window scaling, and
 * without scaling a transfer is capped at 64 KiB per round trip.
 *
 * @param initMss {@code synproxy_init_mss}: the MSS offered in the cookie SYN-ACK (a cap on the
 *     client's)
 * @param sack {@code synproxy_sack}: offer SACK to clients that ask
 * @param wscale {@code synproxy_wscale}: the window scale advertised to clients (0: none)
 * @param timestamp {@code synproxy_timestamp}: answer timestamps (and so carry the options)
 * @param synackTtl {@code synproxy_synack_ttl}: TTL / hop limit of the SYN-ACK
 * @param defer {@code synproxy_defer}: open the server side only on an ACK carrying data
 * @param ackStoreThresh {@code synproxy_ack_skb_store_thresh}: client segments held while the
 *     server's SYN-ACK is awaited (0 to 5)
 * @param ackStormThresh {@code synproxy_ack_storm_thresh}: identical server ACKs let through
 *     before the rest are dropped (0: no limit)
 * @param synRetry {@code synproxy_syn_retry}: SYN retransmissions to a silent real server
 */
public record SynProxySettings(
        int initMss,
        boolean sack,
        int wscale,
        boolean timestamp,
        int synackTtl,
        boolean defer,
        int ackStoreThresh,
        int ackStormThresh,
        int synRetry) {

    /** alibaba's range of {@code synproxy_ack_skb_store_thresh}. */
    public static final int MAX_ACK_STORE = 5;
    /** alibaba's range of {@code synproxy_syn_retry}. */
    public static final int MAX_SYN_RETRY = 6;

    public static final SynProxySettings DEFAULTS = new SynProxySettings(1452, true, 7, true, 63, false, 3, 10, 3);

    public SynProxySettings {
        check(initMss, 1, 65535, "synproxy_init_mss");
        check(wscale, 0, SynCookies.MAX_WSCALE, "synproxy_wscale");
        check(synackTtl, 1, 255, "synproxy_synack_ttl");
        check(ackStoreThresh, 0, MAX_ACK_STORE, "synproxy_ack_skb_store_thresh");
        check(ackStormThresh, 0, 65535, "synproxy_ack_storm_thresh");
        check(synRetry, 0, MAX_SYN_RETRY, "synproxy_syn_retry");
    }

    private static void check(int v, int min, int max, String name) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", not " + v);
        }
    }
}
