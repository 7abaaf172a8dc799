/**
 * Per-protocol connection tracking rules: the TCP and UDP states IPVS keeps for a forwarded
 * connection, the transition tables between them, and the timeout of each state. Pure data and
 * static lookups; the connection table ({@code io.jlvs.core.conn}) applies them.
 */
package io.jlvs.core.proto;
