package io.jlvs.cli;

import io.jlvs.api.Address;
import io.jlvs.api.Protocol;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Names from the system: the resolver for hosts, {@code /etc/services} for ports. */
final class SystemNameResolver implements NameResolver {
    private final Path servicesFile;
    private Map<String, Integer> portsByName;
    private Map<String, String> namesByPort;

    SystemNameResolver(Path servicesFile) {
        this.servicesFile = servicesFile;
    }

    static SystemNameResolver standard() {
        return new SystemNameResolver(Path.of("/etc/services"));
    }

    @Override
    public Address hostAddress(String name) {
        try {
            for (InetAddress a : InetAddress.getAllByName(name)) {
                if (a instanceof Inet4Address) {
                    return Address.ofBytes(a.getAddress());
                }
            }
            return null;
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    @Override
    public String hostName(Address address) {
        try {
            InetAddress a = InetAddress.getByAddress(address.bytes());
            String name = a.getCanonicalHostName();
            // The JDK answers the literal itself when the address has no name.
            return name.equals(a.getHostAddress()) ? null : name;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public int servicePort(String name, Protocol protocol) {
        load();
        return portsByName.getOrDefault(name + "/" + protocol.serviceName(), -1);
    }

    @Override
    public String serviceName(int port, Protocol protocol) {
        load();
        return namesByPort.get(port + "/" + protocol.serviceName());
    }

    /** Reads services(5): "name port/protocol [aliases...] [# comment]"; first entry wins. */
    private synchronized void load() {
        if (portsByName != null) {
            return;
        }
        Map<String, Integer> byName = new HashMap<>();
        Map<String, String> byPort = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(servicesFile);
        } catch (IOException e) {
            lines = List.of();
        }
        for (String line : lines) {
            int hash = line.indexOf('#');
            String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (f.length < 2 || f[0].isEmpty()) {
                continue;
            }
            int slash = f[1].indexOf('/');
            if (slash <= 0) {
                continue;
            }
            long port = Inet.stringToNumber(f[1].substring(0, slash), 0, 65535);
            if (port < 0) {
                continue;
            }
            String proto = f[1].substring(slash + 1);
            byPort.putIfAbsent(port + "/" + proto, f[0]);
            for (int i = 0; i < f.length; i++) {
                if (i != 1) {
                    byName.putIfAbsent(f[i] + "/" + proto, (int) port);
                }
            }
        }
        portsByName = byName;
        namesByPort = byPort;
    }
}
