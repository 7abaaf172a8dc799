/**
 * The Internet checksum (RFC 1071) and its incremental update (RFC 1624): full sums over frame
 * memory, the TCP/UDP/ICMPv6 pseudo-headers, the UDP zero-checksum rules, and the per-packet
 * convenience checks the data plane uses. Every function is allocation-free and returns values; none
 * throws on packet contents.
 */
package io.jlvs.core.checksum;
