package io.jlvs.daemon.config;

import io.jlvs.core.service.ClientAddressSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One {@code virtual_server} block with keepalived's defaults applied: the scheduler is wlc when none
 * is named, the forwarding method NAT, the protocol UDP (keepalived warns and picks UDP because that
 * is what the kernel would do with protocol 0); values a real server inherits are already copied into
 * each {@link RealServer} and {@link Checker}.
 *
 * @param address what the {@code virtual_server} line names
 * @param protocol empty for firewall-mark services, where IPVS ignores it
 * @param family the service's address family (from its address, {@code ip_family}, or its reals)
 * @param scheduler {@code lb_algo} / {@code lvs_sched}, an IPVS scheduler name
 * @param onePacket {@code ops}: one-packet scheduling (UDP)
 * @param method {@code lb_kind} / {@code lvs_method}, the default of its real servers
 * @param delayLoop {@code delay_loop}, the default check interval (60 s)
 * @param inhibitOnFailure {@code inhibit_on_failure}, the default of its real servers
 * @param haSuspend {@code ha_suspend}: checks pause while the VIP is not configured
 * @param virtualhost default HTTP Host for HTTP_GET/SSL_GET checks
 * @param smtpAlert whether quorum changes send mail
 * @param snmpName {@code snmp_name}
 * @param localAddressGroup alibaba {@code laddr_group_name}: the FULLNAT local addresses
 * @param synProxy alibaba {@code syn_proxy}: answer SYNs with syncookies before choosing a server
 * @param establishedTimeout alibaba {@code est_timeout}: per-service TCP ESTABLISHED timeout, seconds
 * @param clientAddress jlvs {@code client_address}: how FULLNAT (or NAT, for a PROXY header) passes
 *     the client address on; with TOA, {@code toa_in_syn} and {@code toa_ipv6_kind}
 * @param drain jlvs {@code drain_timeout}, {@code idle_grace}, {@code drain_on_failure}, {@code
 *     drain_on_removal}
 * @param position where the {@code virtual_server} keyword is
 */
public record VirtualServer(
        VirtualAddress address,
        Optional<Protocol> protocol,
        AddressFamily family,
        String scheduler,
        Set<SchedulerFlag> schedulerFlags,
        boolean onePacket,
        LvsMethod method,
        Persistence persistence,
        Optional<SorryServer> sorryServer,
        Quorum quorum,
        Duration delayLoop,
        boolean inhibitOnFailure,
        boolean haSuspend,
        Optional<String> virtualhost,
        boolean smtpAlert,
        Optional<String> snmpName,
        Optional<String> localAddressGroup,
        boolean synProxy,
        OptionalInt establishedTimeout,
        ClientAddressSpec clientAddress,
        DrainPolicy drain,
        List<RealServer> realServers,
        SourcePosition position) {

    public VirtualServer {
        schedulerFlags = Set.copyOf(schedulerFlags);
        realServers = List.copyOf(realServers);
    }

    /**
     * The service's identity in ipvsadm's words: {@code TCP 10.0.0.1:80}, {@code FWM 1} ({@code FWM 1
     * IPv6}), {@code TCP group VSG_1}. Two services with one name are duplicates.
     */
    public String name() {
        return switch (address) {
            case VirtualAddress.Ip ip -> protocol.map(Protocol::name).orElse("UDP") + " " + ip.endpoint();
            case VirtualAddress.Fwmark fw -> "FWM " + fw.mark() + (family == AddressFamily.INET6 ? " IPv6" : "");
            case VirtualAddress.Group g ->
                protocol.map(p -> p.name() + " ").orElse("") + "group " + g.name()
                        + (family == AddressFamily.INET6 && protocol.isEmpty() ? " IPv6" : "");
        };
    }

    /** The real server at this address and port, if any. */
    public Optional<RealServer> realServer(Endpoint endpoint) {
        return realServers.stream().filter(r -> r.endpoint().equals(endpoint)).findFirst();
    }

    @Override
    public String toString() {
        return "virtual_server " + name();
    }
}
