package io.jlvs.daemon.config;

import java.util.List;
import java.util.Optional;

/**
 * A {@code virtual_server_group}: addresses (with ports) and firewall marks that share one set of real
 * servers. A {@code virtual_server group NAME} becomes one IPVS service per address (or mark) here.
 */
public record VirtualServerGroup(
        String name, List<Entry> addresses, List<FwmarkEntry> fwmarks, SourcePosition position) {

    /** An address or range with its port (0 when none: the service must then be persistent). */
    public record Entry(AddressRange range, int port) {
        @Override
        public String toString() {
            return range + (port == 0 ? "" : " " + port);
        }
    }

    /**
     * {@code fwmark N [inet|inet6]}; the family may be given only when all real servers tunnel, and
     * is otherwise that of the real servers.
     */
    public record FwmarkEntry(long fwmark, Optional<AddressFamily> family) {
        @Override
        public String toString() {
            return "fwmark " + fwmark + family.map(f -> " " + f.keyword()).orElse("");
        }
    }

    public VirtualServerGroup {
        addresses = List.copyOf(addresses);
        fwmarks = List.copyOf(fwmarks);
    }

    @Override
    public String toString() {
        return "virtual_server_group " + name;
    }
}
