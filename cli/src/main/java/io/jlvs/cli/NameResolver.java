package io.jlvs.cli;

import io.jlvs.api.Address;
import io.jlvs.api.Protocol;

/**
 * Host and service names, for the arguments ipvsadm resolves ({@code gethostbyname}, {@code
 * getservbyname}) and the listings it prints without {@code -n} ({@code gethostbyaddr}, {@code
 * getservbyport}).
 */
interface NameResolver {
    /** The IPv4 address of a host name, or null ({@code gethostbyname} is IPv4 only). */
    Address hostAddress(String name);

    /** The name of an address, or null if it has none. */
    String hostName(Address address);

    /** The port of a service name for a protocol, or -1. */
    int servicePort(String name, Protocol protocol);

    /** The service name of a port for a protocol, or null. */
    String serviceName(int port, Protocol protocol);
}
