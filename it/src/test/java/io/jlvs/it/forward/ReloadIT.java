package io.jlvs.it.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.it.lab.JlvsdProcess;
import io.jlvs.it.lab.Lab;
import io.jlvs.it.lab.RequiresLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code jlvsadm --reload} applies only the difference: a long-lived connection through a service
 * that stays survives a reload that changes weights, adds a service and removes another.
 */
@RequiresLab
class ReloadIT {
    static final Lab lab = new Lab("jlrl");

    @BeforeAll
    static void up() {
        lab.down();
        lab.up();
    }

    @AfterAll
    static void down() {
        lab.down();
    }

    static String service(String vip, String... reals) {
        StringBuilder sb =
                new StringBuilder("virtual_server " + vip + " 80 {\n  lb_algo wrr\n  lb_kind NAT\n  protocol TCP\n");
        for (String r : reals) {
            sb.append("  real_server ")
                    .append(r)
                    .append(" 80 { weight ")
                    .append(r.endsWith("11") ? 3 : 1)
                    .append(" }\n");
        }
        return sb.append("}\n").toString();
    }

    @Test
    void establishedConnectionsSurviveAReloadThatChangesWeightsAddsAndRemovesServices() throws Exception {
        String v4 = service(lab.get("VIP4"), lab.get("RS1_4"), lab.get("RS2_4"), lab.get("RS3_4"));
        String v6 = service(lab.get("VIP6"), lab.get("RS1_6"), lab.get("RS2_6"));
        String udp = "virtual_server " + lab.get("VIP4") + " 53 {\n  lb_algo rr\n  lb_kind NAT\n  protocol UDP\n"
                + "  real_server " + lab.get("RS2_4") + " 53 { weight 1 }\n}\n";
        String https = "virtual_server " + lab.get("VIP4") + " 443 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n"
                + "  real_server " + lab.get("RS1_4") + " 80 { weight 1 }\n}\n";
        try (JlvsdProcess jlvsd = JlvsdProcess.start(lab, v4 + v6 + udp)) {
            // A download that takes about five seconds, started before the reload.
            Process slow = new ProcessBuilder(
                            "ip",
                            "netns",
                            "exec",
                            lab.get("NS_C1"),
                            "curl",
                            "-sS",
                            "--max-time",
                            "30",
                            "-o",
                            "/dev/null",
                            "-w",
                            "%{size_download} %{http_code}",
                            "http://" + lab.get("VIP4") + "/slow")
                    .start();
            Thread.sleep(1000);

            // New configuration: weights changed on the v4 service, the v6 service moved to another
            // real server and scheduler, the UDP service removed, a service on port 443 added.
            String changed = v4.replace("weight 3", "weight 1").replace("weight 1 }\n}", "weight 5 }\n}")
                    + service(lab.get("VIP6"), lab.get("RS3_6")).replace("wrr", "rr")
                    + https;
            Path conf = Path.of(lab.get("LAB_RUN"), "jlvsd", "jlvsd.conf");
            Files.writeString(conf, changed);
            Lab.Result reload = jlvsd.jlvsadm("--reload");
            assertThat(reload.exitCode())
                    .as(reload.stdout() + reload.stderr() + jlvsd.log())
                    .isZero();

            assertThat(slow.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String result = new String(slow.getInputStream().readAllBytes());
            assertThat(result).as(jlvsd.log()).isEqualTo("20480 200");

            String table = jlvsd.jlvsadm("-L", "-n").requireOk().stdout();
            assertThat(table).contains(lab.get("RS3_4") + ":80               Masq    5");
            assertThat(table).doesNotContain(lab.get("RS1_6")).contains(lab.get("RS3_6"));
            String six = lab.exec(
                            lab.get("NS_C2"),
                            "curl",
                            "-sS",
                            "-g",
                            "--max-time",
                            "5",
                            "http://[" + lab.get("VIP6") + "]/")
                    .requireOk()
                    .stdout();
            assertThat(six).isEqualTo("rs3\n");
            assertThat(table)
                    .contains("TCP  " + lab.get("VIP4") + ":443 rr")
                    .doesNotContain("UDP  " + lab.get("VIP4") + ":53");
            assertThat(lab.exec(
                                    lab.get("NS_C2"),
                                    "curl",
                                    "-sS",
                                    "--max-time",
                                    "5",
                                    "http://" + lab.get("VIP4") + ":443/")
                            .requireOk()
                            .stdout())
                    .isEqualTo("rs1\n");
            // The reload is logged as a diff of the configuration.
            assertThat(jlvsd.log())
                    .contains("reloaded")
                    .contains("virtual_server UDP " + lab.get("VIP4") + ":53 removed")
                    .contains("virtual_server TCP " + lab.get("VIP4") + ":443 added")
                    .contains("real_server " + lab.get("RS3_4") + ":80 changed: weight 1 -> 5");
        }
    }
}
