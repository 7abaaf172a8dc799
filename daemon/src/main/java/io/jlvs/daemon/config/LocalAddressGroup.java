package io.jlvs.daemon.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An alibaba/LVS {@code local_address_group}: the local addresses (LIPs) FULLNAT uses as the source
 * towards real servers. DPVS writes an interface after each address ({@code 192.168.100.5 dpdk0});
 * both forms are accepted.
 */
public record LocalAddressGroup(String name, List<Entry> entries, SourcePosition position) {

    /** The most addresses one group may expand to; alibaba allowed ranges of under 255 per line. */
    public static final int MAX_ADDRESSES = 65_536;

    /** An address or range, and the interface it lives on when given. */
    public record Entry(AddressRange range, Optional<String> interfaceName) {
        @Override
        public String toString() {
            return range + interfaceName.map(i -> " " + i).orElse("");
        }
    }

    public LocalAddressGroup {
        entries = List.copyOf(entries);
    }

    /** Every local address of the group, in configuration order (bounded by {@link #MAX_ADDRESSES}). */
    public List<IpAddress> addresses() {
        List<IpAddress> out = new ArrayList<>();
        for (Entry e : entries) {
            IpAddress a = e.range().first();
            while (out.size() < MAX_ADDRESSES) {
                out.add(a);
                if (a.equals(e.range().last())) {
                    break;
                }
                a = a.plus(1);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "local_address_group " + name;
    }
}
