package io.jlvs.daemon.config;

/**
 * What a {@code virtual_server} line names: an address and port, a firewall mark, or a {@code
 * virtual_server_group}.
 */
public sealed interface VirtualAddress {

    /** {@code virtual_server 10.0.0.1 80}: port 0 when omitted (persistent services only). */
    record Ip(Endpoint endpoint) implements VirtualAddress {
        @Override
        public String toString() {
            return endpoint.toString();
        }
    }

    /** {@code virtual_server fwmark 1}: a 32-bit mark set by netfilter. */
    record Fwmark(long mark) implements VirtualAddress {
        public Fwmark {
            if (mark < 0 || mark > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("fwmark out of range: " + mark);
            }
        }

        @Override
        public String toString() {
            return "fwmark " + mark;
        }
    }

    /** {@code virtual_server group NAME}: every address, range and mark of the group. */
    record Group(String name) implements VirtualAddress {
        @Override
        public String toString() {
            return "group " + name;
        }
    }
}
