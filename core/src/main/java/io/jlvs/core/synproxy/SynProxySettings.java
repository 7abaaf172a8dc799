package io.jlvs.core.synproxy;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The SYNPROXY settings, under alibaba/LVS's sysctl names ({@code /proc/sys/net/ipv4/vs/synproxy_*}),
 * with the defaults written once in {@link #DEFAULTS} and the names and ranges once in {@link
 * Field} (jlvs_defs and {@code jlvsadm --sysctl} both go by it).
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

    /** Each setting in the record's order, with alibaba's sysctl name and range; flags are 0 or 1. */
    public enum Field {
        INIT_MSS(1, 65535, "MSS offered in the cookie SYN-ACK"),
        SACK(0, 1, "1: offer SACK to clients that ask"),
        WSCALE(0, SynCookies.MAX_WSCALE, "window scale advertised to clients (0: none)"),
        TIMESTAMP(0, 1, "1: answer timestamps, carrying the client's options in them"),
        SYNACK_TTL(1, 255, "TTL / hop limit of the cookie SYN-ACK"),
        DEFER(0, 1, "1: open the server side only on an ACK carrying data"),
        ACK_SKB_STORE_THRESH(0, MAX_ACK_STORE, "client segments held while the server's SYN-ACK is awaited"),
        ACK_STORM_THRESH(0, 65535, "identical server ACKs let through before the rest are dropped (0: no limit)"),
        SYN_RETRY(0, MAX_SYN_RETRY, "SYN retransmissions to a silent real server");

        /** {@code synproxy_init_mss}, ... */
        public final String sysctl = "synproxy_" + name().toLowerCase(Locale.ROOT);

        public final int min;
        public final int max;
        public final String doc;

        Field(int min, int max, String doc) {
            this.min = min;
            this.max = max;
            this.doc = doc;
        }

        /** The field named {@code sysctl}, if it is one. */
        public static Optional<Field> bySysctl(String sysctl) {
            return Arrays.stream(values()).filter(f -> f.sysctl.equals(sysctl)).findFirst();
        }

        void check(int v) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(sysctl + " must be " + min + ".." + max + ", not " + v);
            }
        }
    }

    public SynProxySettings {
        Field.INIT_MSS.check(initMss);
        Field.WSCALE.check(wscale);
        Field.SYNACK_TTL.check(synackTtl);
        Field.ACK_SKB_STORE_THRESH.check(ackStoreThresh);
        Field.ACK_STORM_THRESH.check(ackStormThresh);
        Field.SYN_RETRY.check(synRetry);
    }

    /** The value of {@code f}, a flag as 0 or 1. */
    public int get(Field f) {
        return switch (f) {
            case INIT_MSS -> initMss;
            case SACK -> sack ? 1 : 0;
            case WSCALE -> wscale;
            case TIMESTAMP -> timestamp ? 1 : 0;
            case SYNACK_TTL -> synackTtl;
            case DEFER -> defer ? 1 : 0;
            case ACK_SKB_STORE_THRESH -> ackStoreThresh;
            case ACK_STORM_THRESH -> ackStormThresh;
            case SYN_RETRY -> synRetry;
        };
    }

    /** These settings with {@code f} at {@code v} (a flag: 0 or 1); refused out of its range. */
    public SynProxySettings with(Field f, int v) {
        f.check(v);
        int[] a = new int[Field.values().length];
        for (Field x : Field.values()) {
            a[x.ordinal()] = x == f ? v : get(x);
        }
        return new SynProxySettings(
                a[Field.INIT_MSS.ordinal()],
                a[Field.SACK.ordinal()] != 0,
                a[Field.WSCALE.ordinal()],
                a[Field.TIMESTAMP.ordinal()] != 0,
                a[Field.SYNACK_TTL.ordinal()],
                a[Field.DEFER.ordinal()] != 0,
                a[Field.ACK_SKB_STORE_THRESH.ordinal()],
                a[Field.ACK_STORM_THRESH.ordinal()],
                a[Field.SYN_RETRY.ordinal()]);
    }
}
