package io.jlvs.cli;

import io.jlvs.api.Address;
import io.jlvs.api.Protocol;
import java.util.Map;

/** A fixed resolver, so listings without -n and names in arguments are deterministic. */
final class FakeNames implements NameResolver {
    private static final Map<String, String> HOSTS = Map.of(
            "192.0.2.1", "www.example.com",
            "10.0.0.2", "backend-two.example.com",
            "10.0.0.3", "a-very-long-host-name-that-does-not-fit.example.com");
    private static final Map<String, Integer> PORTS = Map.of("http/tcp", 80, "http-alt/tcp", 8080, "domain/udp", 53);

    @Override
    public Address hostAddress(String name) {
        return HOSTS.entrySet().stream()
                .filter(e -> e.getValue().equals(name))
                .map(e -> Address.parse(e.getKey()))
                .findFirst()
                .orElse(null);
    }

    @Override
    public String hostName(Address address) {
        return HOSTS.get(address.text());
    }

    @Override
    public int servicePort(String name, Protocol protocol) {
        return PORTS.getOrDefault(name + "/" + protocol.serviceName(), -1);
    }

    @Override
    public String serviceName(int port, Protocol protocol) {
        return PORTS.entrySet().stream()
                .filter(e -> e.getValue() == port && e.getKey().endsWith("/" + protocol.serviceName()))
                .map(e -> e.getKey().substring(0, e.getKey().indexOf('/')))
                .findFirst()
                .orElse(null);
    }
}
