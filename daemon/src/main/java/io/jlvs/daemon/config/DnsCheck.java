package io.jlvs.daemon.config;

/**
 * {@code DNS_CHECK}: send a query over UDP; the server is up when it answers.
 *
 * @param queryType {@code type}: A, NS, CNAME, SOA (default), MX, TXT, AAAA, RRSIG or DNSKEY
 * @param name {@code name}: the domain queried, default the root {@code .}
 */
public record DnsCheck(ConnectOptions connect, CheckTiming timing, String queryType, String name) implements Checker {
    @Override
    public String type() {
        return "DNS_CHECK";
    }

    @Override
    public String toString() {
        return type() + " { " + connect + " " + timing + " type " + queryType + " name " + name + " }";
    }
}
