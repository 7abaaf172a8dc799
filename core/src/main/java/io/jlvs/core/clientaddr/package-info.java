/**
 * The client's address passed to the real server of a FULLNAT (or NAT) flow, which FULLNAT hides:
 * the TOA TCP option of alibaba/LVS and DPVS, and HAProxy's PROXY protocol header (v1 text, v2
 * binary) at the start of the client's byte stream. See {@link io.jlvs.core.clientaddr.ClientAddressCarrier}.
 */
package io.jlvs.core.clientaddr;
