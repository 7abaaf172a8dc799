package io.jlvs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.api.Address;
import io.jlvs.api.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemNameResolverTest {
    @TempDir
    Path dir;

    @Test
    void servicesAreReadFromTheServicesFile() throws IOException {
        Path services = dir.resolve("services");
        Files.writeString(services, """
                # comment line
                http\t\t80/tcp\t\twww\t\t# WorldWideWeb HTTP
                domain\t\t53/udp
                http-alt\t8080/tcp\twebcache
                broken\t\tnot-a-port/tcp
                http-dup\t80/tcp
                """);
        SystemNameResolver r = new SystemNameResolver(services);
        assertThat(r.servicePort("http", Protocol.TCP)).isEqualTo(80);
        assertThat(r.servicePort("www", Protocol.TCP)).as("aliases count").isEqualTo(80);
        assertThat(r.servicePort("webcache", Protocol.TCP)).isEqualTo(8080);
        assertThat(r.servicePort("http", Protocol.UDP)).isEqualTo(-1);
        assertThat(r.servicePort("domain", Protocol.UDP)).isEqualTo(53);
        assertThat(r.serviceName(80, Protocol.TCP))
                .as("the first entry names the port")
                .isEqualTo("http");
        assertThat(r.serviceName(81, Protocol.TCP)).isNull();
    }

    @Test
    void aMissingServicesFileMeansNoNames() {
        SystemNameResolver r = new SystemNameResolver(dir.resolve("absent"));
        assertThat(r.servicePort("http", Protocol.TCP)).isEqualTo(-1);
        assertThat(r.serviceName(80, Protocol.TCP)).isNull();
    }

    @Test
    void hostsResolveThroughTheSystem() {
        SystemNameResolver r = SystemNameResolver.standard();
        assertThat(r.hostAddress("localhost")).isEqualTo(Address.parse("127.0.0.1"));
        assertThat(r.hostAddress("no-such-host.invalid")).isNull();
    }
}
