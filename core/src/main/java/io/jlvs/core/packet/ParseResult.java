package io.jlvs.core.packet;

import java.util.List;

/**
 * What {@link PacketParser} says about a frame: {@link #OK} or the reason it is dropped.
 *
 * <p>Plain int constants, not an enum, so a worker counts drops in a {@code long[COUNT]} indexed by
 * the result without touching an object. The labels are stable: they become Prometheus label values
 * and operators' dashboards depend on them, so a reason may be added at the end but never renamed or
 * renumbered. The grouping follows the Linux IP MIB where one exists (a datagram shorter than its
 * total length is "truncated", RFC 4293 ipSystemStatsInTruncatedPkts; a bad header field is a header
 * error).
 */
public final class ParseResult {
    /** The frame decoded; every field of {@link ParsedPacket} for its layers is set. */
    public static final int OK = 0;
    /** Shorter than an Ethernet header, or a VLAN tag cut off. */
    public static final int TRUNCATED_ETHERNET = 1;
    /** More than two VLAN tags (only 802.1Q and QinQ are walked). */
    public static final int TOO_MANY_VLAN_TAGS = 2;
    /** Neither IPv4, IPv6 nor ARP (including 802.3 length-field frames). */
    public static final int UNSUPPORTED_ETHERTYPE = 3;
    /** ARP frame shorter than an Ethernet/IPv4 ARP packet. */
    public static final int TRUNCATED_ARP = 4;
    /** ARP that is not Ethernet/IPv4 (RFC 826 hardware/protocol type and lengths). */
    public static final int BAD_ARP = 5;
    /** Shorter than the fixed IP header, or shorter than the IP total/payload length says. */
    public static final int TRUNCATED_IP = 6;
    /** The version nibble does not match the EtherType. */
    public static final int BAD_IP_VERSION = 7;
    /** IPv4 IHL below 5 words, or header options running past the frame. */
    public static final int BAD_IHL = 8;
    /** IPv4 total length smaller than the header; IPv6 payload length 0 (jumbograms unsupported). */
    public static final int BAD_IP_TOTAL_LENGTH = 9;
    /** IPv4 header checksum does not verify (RFC 1122 §3.2.1.2: silently discard). */
    public static final int IP_CHECKSUM_BAD = 10;
    /** IPv6 extension header chain malformed, cut off, out of order or too long. */
    public static final int BAD_IPV6_EXT_HEADER = 11;
    /** A non-first fragment: it carries no L4 header, so it cannot be classified by port. */
    public static final int IP_FRAGMENT = 12;
    /** Shorter than the fixed TCP, UDP or ICMP header. */
    public static final int TRUNCATED_L4 = 13;
    /** TCP data offset below 5 words or past the end of the segment. */
    public static final int BAD_TCP_DATA_OFFSET = 14;
    /** TCP option with a missing, too small, overrunning or wrong length. */
    public static final int BAD_TCP_OPTION = 15;
    /** UDP length field below 8 or beyond the IP payload. */
    public static final int BAD_UDP_LENGTH = 16;
    /** The datagram quoted in an ICMP error is too short to identify its flow. */
    public static final int TRUNCATED_ICMP_QUOTE = 17;
    /** Not an ICMP error, or the quoted datagram is not a valid header of the outer family. */
    public static final int BAD_ICMP_QUOTE = 18;

    /** Number of results; results are {@code 0 .. COUNT - 1}. */
    public static final int COUNT = 19;

    private static final String[] LABELS = {
        "ok",
        "truncated_ethernet",
        "too_many_vlan_tags",
        "unsupported_ethertype",
        "truncated_arp",
        "bad_arp",
        "truncated_ip",
        "bad_ip_version",
        "bad_ihl",
        "bad_ip_total_length",
        "ip_checksum_bad",
        "bad_ipv6_ext_header",
        "ip_fragment",
        "truncated_l4",
        "bad_tcp_data_offset",
        "bad_tcp_option",
        "bad_udp_length",
        "truncated_icmp_quote",
        "bad_icmp_quote",
    };

    private static final List<String> ALL = List.of(LABELS);

    private ParseResult() {}

    /** The metrics label of a result, e.g. {@code truncated_ip}; {@code unknown} if out of range. */
    public static String label(int result) {
        return result >= 0 && result < COUNT ? LABELS[result] : "unknown";
    }

    /** Every label, indexed by result. */
    public static List<String> labels() {
        return ALL;
    }

    /** The result with this label, or -1. */
    public static int ofLabel(String label) {
        return ALL.indexOf(label);
    }
}
