package io.jlvs.it.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The foundation's acceptance: the lab comes up, every real server answers, down leaves nothing. */
@RequiresLab
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabIT {
    @RegisterExtension
    static final Lab lab = new Lab("jlit");

    @Test
    @Order(1)
    void everyRealServerAnswersWithItsNameFromEachClientOverIpv4AndIpv6() {
        for (String client : List.of("NS_C1", "NS_C2")) {
            for (String rs : List.of("RS1", "RS2", "RS3")) {
                String name = rs.toLowerCase();
                assertThat(curl(client, "http://" + lab.get(rs + "_4") + "/"))
                        .as("%s → %s over IPv4", client, rs)
                        .isEqualTo(name + "\n");
                assertThat(curl(client, "http://[" + lab.get(rs + "_6") + "]/"))
                        .as("%s → %s over IPv6", client, rs)
                        .isEqualTo(name + "\n");
            }
        }
    }

    @Test
    @Order(2)
    void servesTheBigAndTheSlowPages() {
        String size = lab.exec(lab.get("NS_C1"), Lab.curlSizeAndCode("http://" + lab.get("RS2_4") + "/100k"))
                .requireOk()
                .stdout();
        assertThat(size).isEqualTo("102400 200");
        String slow = lab.exec(lab.get("NS_C2"), Lab.curlSizeAndCode("http://" + lab.get("RS3_4") + "/slow"))
                .requireOk()
                .stdout();
        assertThat(slow).isEqualTo("20480 200");
    }

    @Test
    @Order(3)
    void statusPrintsNamespacesAddressesAndVips() {
        String status = lab.status().requireOk().stdout();
        for (String key : List.of(
                "NS_DIR", "NS_C1", "NS_C2", "NS_RS1", "NS_RS2", "NS_RS3", "VIP4", "VIP6", "RS1_4", "RS3_6", "DIR_C4")) {
            assertThat(status).as(key).contains(lab.get(key));
        }
    }

    @Test
    @Order(4)
    void upIsIdempotent() {
        Lab.Result again = lab.up();
        assertThat(again.stderr()).contains("already up");
        assertThat(curl("NS_C1", "http://" + lab.get("RS1_4") + "/")).isEqualTo("rs1\n");
    }

    @Test
    @Order(5)
    void vipsAreNotOwnedByTheDirectorKernel() {
        String addrs = lab.exec(lab.get("NS_DIR"), "ip", "-o", "addr", "show")
                .requireOk()
                .stdout();
        assertThat(addrs).doesNotContain(lab.get("VIP4") + "/").doesNotContain(lab.get("VIP6") + "/");
    }

    @Test
    @Order(5)
    void theBridgesDoNotPassFramesThroughTheIpHooks() {
        if (!Files.isDirectory(Path.of("/proc/sys/net/bridge"))) {
            return; // br_netfilter not loaded: the bridges never call the IP hooks
        }
        String calls = lab.exec(
                        lab.get("NS_NET"),
                        "sysctl",
                        "-n",
                        "net.bridge.bridge-nf-call-iptables",
                        "net.bridge.bridge-nf-call-ip6tables",
                        "net.bridge.bridge-nf-call-arptables")
                .requireOk()
                .stdout();
        assertThat(calls.lines()).containsExactly("0", "0", "0");
    }

    @Test
    @Order(6)
    void downLeavesNoNamespaceVethOrProcess() {
        lab.down().requireOk();
        String namespaces = lab.run(List.of("ip", "netns", "list"), Duration.ofSeconds(10))
                .requireOk()
                .stdout();
        assertThat(namespaces).doesNotContain(lab.prefix() + "-");
        String links = lab.run(List.of("ip", "-o", "link", "show"), Duration.ofSeconds(10))
                .requireOk()
                .stdout();
        assertThat(links).doesNotContain("dir-c").doesNotContain("dir-s").doesNotContain("br-c");
        Lab.Result procs = lab.run(List.of("pgrep", "-af", "jlvs-lab-" + lab.prefix()), Duration.ofSeconds(10));
        assertThat(procs.stdout()).isEmpty();
        assertThat(lab.status().exitCode()).isEqualTo(3);
    }

    private static String curl(String nsKey, String url) {
        return lab.exec(lab.get(nsKey), "curl", "-sS", "-g", "--max-time", "5", url)
                .requireOk()
                .stdout();
    }
}
