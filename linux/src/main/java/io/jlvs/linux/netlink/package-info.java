/**
 * rtnetlink: a NETLINK_ROUTE socket for dumps and change notifications, and bounds-checked
 * flyweights over its messages and attributes. Malformed messages are counted and skipped.
 */
package io.jlvs.linux.netlink;
