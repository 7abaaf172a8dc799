package io.jlvs.it.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.it.lab.JlvsdProcess;
import io.jlvs.it.lab.Lab;
import io.jlvs.it.lab.RequiresLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A reload ({@code jlvsadm --reload} or SIGHUP) applies only the difference: a long-lived
 * connection through a service that stays survives a reload that changes weights, adds a service
 * and removes another.
 */
@RequiresLab
class ReloadIT {
    @RegisterExtension
    static final Lab lab = new Lab("jlrl");

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
        try (JlvsdProcess jlvsd = JlvsdProcess.start(lab, initial())) {
            reloadWhileDownloading(jlvsd, () -> {
                Lab.Result reload = jlvsd.jlvsadm("--reload");
                assertThat(reload.exitCode())
                        .as(reload.stdout() + reload.stderr() + jlvsd.log())
                        .isZero();
            });
        }
    }

    /**
     * SIGHUP (systemd's ExecReload) runs the same reload: the same table change, the same logged
     * diff, the same connections kept. A broken file on SIGHUP is logged with file:line:column
     * and changes nothing.
     */
    @Test
    void sighupReloadsTheSameWayAndABrokenFileChangesNothing() throws Exception {
        try (JlvsdProcess jlvsd = JlvsdProcess.start(lab, initial())) {
            reloadWhileDownloading(jlvsd, () -> {
                jlvsd.hangup();
                jlvsd.awaitLog("reloaded ", 1, Duration.ofSeconds(30));
            });
            assertThat(jlvsd.log()).contains("SIGHUP: reloading the configuration");

            String before = jlvsd.jlvsadm("-S", "-n").requireOk().stdout();
            String good = Files.readString(conf());
            long goodLines = good.lines().count();
            String broken = good
                    + "virtual_server " + lab.get("VIP4") + " 8080 {\n"
                    + "  lb_algo rr\n"
                    + "  real_server " + lab.get("RS2_4") + " 80 {\n"
                    + "    weight 70000\n" // the fourth line of this block, value at column 12
                    + "  }\n"
                    + "}\n";
            Files.writeString(conf(), broken);
            Process slow = download();
            Thread.sleep(1000);
            jlvsd.hangup();
            String log = jlvsd.awaitLog(
                    "SIGHUP: reload failed, the running configuration is kept", 1, Duration.ofSeconds(30));
            assertThat(log)
                    .contains(conf() + ":" + (goodLines + 4) + ":12: real_server: weight 70000 out of range 0..65535");
            assertThat(jlvsd.isAlive()).isTrue();
            assertThat(jlvsd.jlvsadm("-S", "-n").requireOk().stdout()).isEqualTo(before);
            assertThat(slow.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(slow.getInputStream().readAllBytes()))
                    .as(jlvsd.log())
                    .isEqualTo("20480 200");
        }
    }

    private String initial() {
        String v4 = service(lab.get("VIP4"), lab.get("RS1_4"), lab.get("RS2_4"), lab.get("RS3_4"));
        String v6 = service(lab.get("VIP6"), lab.get("RS1_6"), lab.get("RS2_6"));
        String udp = "virtual_server " + lab.get("VIP4") + " 53 {\n  lb_algo rr\n  lb_kind NAT\n  protocol UDP\n"
                + "  real_server " + lab.get("RS2_4") + " 53 { weight 1 }\n}\n";
        return v4 + v6 + udp;
    }

    private Path conf() {
        return Path.of(lab.get("LAB_RUN"), "jlvsd", "jlvsd.conf");
    }

    /** A download that takes about five seconds. */
    private Process download() {
        return lab.spawn(lab.get("NS_C1"), Lab.curlSizeAndCode("http://" + lab.get("VIP4") + "/slow"));
    }

    /** The configuration changes under a running download; {@code reload} makes jlvsd take it. */
    private void reloadWhileDownloading(JlvsdProcess jlvsd, ThrowingRunnable reload) throws Exception {
        String v4 = service(lab.get("VIP4"), lab.get("RS1_4"), lab.get("RS2_4"), lab.get("RS3_4"));
        String https = "virtual_server " + lab.get("VIP4") + " 443 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n"
                + "  real_server " + lab.get("RS1_4") + " 80 { weight 1 }\n}\n";
        Process slow = download(); // started before the reload
        Thread.sleep(1000);

        // New configuration: weights changed on the v4 service, the v6 service moved to another
        // real server and scheduler, the UDP service removed, a service on port 443 added.
        String changed = v4.replace("weight 3", "weight 1").replace("weight 1 }\n}", "weight 5 }\n}")
                + service(lab.get("VIP6"), lab.get("RS3_6")).replace("wrr", "rr")
                + https;
        Files.writeString(conf(), changed);
        reload.run();
        assertThat(slow.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String result = new String(slow.getInputStream().readAllBytes());
        assertThat(result).as(jlvsd.log()).isEqualTo("20480 200");

        String table = jlvsd.jlvsadm("-L", "-n").requireOk().stdout();
        assertThat(table).contains(lab.get("RS3_4") + ":80               Masq    5");
        assertThat(table).doesNotContain(lab.get("RS1_6")).contains(lab.get("RS3_6"));
        String six = lab.exec(
                        lab.get("NS_C2"), "curl", "-sS", "-g", "--max-time", "5", "http://[" + lab.get("VIP6") + "]/")
                .requireOk()
                .stdout();
        assertThat(six).isEqualTo("rs3\n");
        assertThat(table)
                .contains("TCP  " + lab.get("VIP4") + ":443 rr")
                .doesNotContain("UDP  " + lab.get("VIP4") + ":53");
        assertThat(lab.exec(lab.get("NS_C2"), "curl", "-sS", "--max-time", "5", "http://" + lab.get("VIP4") + ":443/")
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

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
