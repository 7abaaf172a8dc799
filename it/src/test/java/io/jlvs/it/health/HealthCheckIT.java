package io.jlvs.it.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.it.lab.JlvsdProcess;
import io.jlvs.it.lab.Lab;
import io.jlvs.it.lab.RequiresLab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Health checks against nginx on the lab's real servers, run by a real jlvsd from the director's
 * own kernel stack, one virtual service per behaviour (VIP ports 80..89, all NAT to the reals):
 * wrong digest, wrong status code, a hanging endpoint, SSL_GET against nginx's self-signed
 * certificate, misc_dynamic weights, a hanging MISC_CHECK script, inhibit_on_failure, a sorry
 * server; last, nginx stopped and started again on one real server.
 */
@RequiresLab
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthCheckIT {
    @RegisterExtension
    static final Lab lab = new Lab("jlhc");

    static JlvsdProcess jlvsd;
    static Process hang;
    static Path weightFile;
    static Path scriptPid;

    @BeforeAll
    static void up() throws Exception {
        assertThat(lab.get("RS_TLS_PORT"))
                .as("the lab needs openssl for nginx's TLS listener")
                .isEqualTo("443");
        // A listener that never accepts on rs3:8081: the handshake completes, no answer ever comes.
        hang = new ProcessBuilder(
                        "ip",
                        "netns",
                        "exec",
                        lab.get("NS_RS3"),
                        "python3",
                        "-c",
                        "import socket,time\ns=socket.socket()\ns.bind(('0.0.0.0',8081))\ns.listen(64)\n"
                                + "time.sleep(3600)")
                .start();
        Path run = Path.of(lab.get("LAB_RUN"));
        weightFile = run.resolve("weight");
        Files.writeString(weightFile, "12\n");
        scriptPid = run.resolve("hang.pid");
        jlvsd = JlvsdProcess.start(lab, config());
    }

    @AfterAll
    static void down() {
        if (jlvsd != null) {
            jlvsd.close();
        }
        if (hang != null) {
            hang.destroy();
        }
    }

    static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.US_ASCII)));
    }

    static String service(int port, String options, String reals) {
        return "virtual_server " + lab.get("VIP4") + " " + port + " {\n lb_algo wrr\n lb_kind NAT\n protocol TCP\n"
                + " delay_loop 1\n" + options + reals + "}\n";
    }

    static String real(String rs, int port, String body) {
        return " real_server " + lab.get(rs) + " " + port + " {\n" + body + " }\n";
    }

    static String httpGet(String type, String url, String extra) {
        return "  " + type + " {\n   connect_timeout 1\n   retry 0\n" + extra + "   url {\n" + url + "   }\n  }\n";
    }

    static String config() throws Exception {
        String tcp = "  TCP_CHECK {\n   connect_timeout 1\n   retry 1\n   delay_before_retry 1\n  }\n";
        String goodDigest = "    path /\n    digest " + md5("rs1\n") + "\n";
        return
        // 80: nginx stopped and started on rs1 (the last test).
        service(80, " delay_loop 2\n", real("RS1_4", 80, tcp) + real("RS2_4", 80, tcp) + real("RS3_4", 80, tcp))
                // 81: rs1's page has another digest; rs2 checked with the right one for its own page.
                + service(
                        81,
                        "",
                        real("RS1_4", 80, httpGet("HTTP_GET", "    path /\n    digest " + md5("wrong\n") + "\n", ""))
                                + real(
                                        "RS2_4",
                                        80,
                                        httpGet("HTTP_GET", "    path /\n    digest " + md5("rs2\n") + "\n", "")))
                // 82: a status code nginx does not give.
                + service(
                        82,
                        "",
                        real("RS1_4", 80, httpGet("HTTP_GET", "    path /\n    status_code 201\n", ""))
                                + real(
                                        "RS2_4",
                                        80,
                                        httpGet("HTTP_GET", "    path /missing\n    status_code 404\n", "")))
                // 83: an endpoint that never answers.
                + service(
                        83,
                        "",
                        real("RS3_4", 80, httpGet("HTTP_GET", "    path /\n", "   connect_port 8081\n"))
                                + real("RS1_4", 80, httpGet("HTTP_GET", goodDigest, "")))
                // 84: TLS with nginx's self-signed certificate; plain HTTP to the TLS checker fails.
                + service(
                        84,
                        "",
                        real("RS3_4", 443, httpGet("SSL_GET", "    path /\n    digest " + md5("rs3\n") + "\n", ""))
                                + real("RS2_4", 443, httpGet("SSL_GET", "    path /\n", "   connect_port 80\n")))
                // 85: misc_dynamic: the exit status in a file sets the weight.
                + service(
                        85,
                        "",
                        real(
                                "RS1_4",
                                80,
                                "  weight 1\n  MISC_CHECK {\n   misc_path \"/bin/sh -c 'exit $(cat " + weightFile
                                        + ")'\"\n   misc_dynamic\n  }\n"))
                // 86: a script that hangs is killed at misc_timeout.
                + service(
                        86,
                        "",
                        real(
                                "RS2_4",
                                80,
                                "  MISC_CHECK {\n   misc_path \"/bin/sh -c 'echo $$ > " + scriptPid
                                        + "; exec sleep 300'\"\n   misc_timeout 1\n  }\n"))
                // 87: inhibit_on_failure: nothing listens on port 9.
                + service(
                        87,
                        "",
                        real(
                                        "RS1_4",
                                        80,
                                        "  inhibit_on_failure\n"
                                                + tcp.replace("   retry 1", "   connect_port 9\n   retry 0"))
                                + real("RS2_4", 80, tcp))
                // 88: every real server down: the sorry server takes the traffic.
                + service(
                        88,
                        " sorry_server " + lab.get("RS3_4") + " 80\n",
                        real("RS1_4", 80, tcp.replace("   retry 1", "   connect_port 9\n   retry 0"))
                                + real("RS2_4", 80, tcp.replace("   retry 1", "   connect_port 9\n   retry 0")));
    }

    /** The real servers -L -n lists for a VIP port, as "address:port weight". */
    static List<String> listed(int port) {
        String table = jlvsd.jlvsadm("-L", "-n", "-t", lab.get("VIP4") + ":" + port)
                .requireOk()
                .stdout();
        List<String> out = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (line.startsWith("  -> ") && f.length >= 4 && !f[1].startsWith("Remote")) {
                out.add(f[1] + " " + f[3]);
            }
        }
        return out;
    }

    static List<String> awaitListed(int port, Predicate<List<String>> wanted, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> now = listed(port);
        while (!wanted.test(now) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = listed(port);
        }
        return now;
    }

    static String curl(String url) {
        return lab.exec(lab.get("NS_C1"), "curl", "-sk", "--max-time", "3", url).stdout();
    }

    @Test
    @Order(1)
    void httpGetFailsOnAWrongDigestAStatusCodeAndAHangingEndpoint() throws Exception {
        String rs1 = lab.get("RS1_4") + ":80";
        String rs2 = lab.get("RS2_4") + ":80";
        String rs3 = lab.get("RS3_4") + ":80";
        assertThat(awaitListed(81, l -> l.equals(List.of(rs2 + " 1")), Duration.ofSeconds(10)))
                .as(jlvsd.log())
                .containsExactly(rs2 + " 1");
        assertThat(awaitListed(82, l -> l.equals(List.of(rs2 + " 1")), Duration.ofSeconds(10)))
                .containsExactly(rs2 + " 1");
        assertThat(awaitListed(83, l -> l.equals(List.of(rs1 + " 1")), Duration.ofSeconds(10)))
                .containsExactly(rs1 + " 1");
        String checks = jlvsd.jlvsadm("-L", "--checks").requireOk().stdout();
        assertThat(checks)
                .contains("digest: /: MD5 digest " + md5("rs1\n") + ", wanted " + md5("wrong\n"))
                .contains("status_code: /: HTTP status 200, wanted 201")
                .contains("timeout: /: Read timed out");
        assertThat(jlvsd.log())
                .contains("real_server " + rs1 + " of TCP " + lab.get("VIP4") + ":81 is DOWN: HTTP_GET: digest")
                .contains("real_server " + rs3 + " of TCP " + lab.get("VIP4") + ":83 is DOWN: HTTP_GET: timeout");
        // Traffic goes only where the checks pass.
        for (int i = 0; i < 6; i++) {
            assertThat(curl("http://" + lab.get("VIP4") + ":81/")).isEqualTo("rs2\n");
        }
    }

    @Test
    @Order(2)
    void sslGetChecksNginxWithASelfSignedCertificate() throws Exception {
        String rs3 = lab.get("RS3_4") + ":443";
        assertThat(awaitListed(84, l -> l.equals(List.of(rs3 + " 1")), Duration.ofSeconds(10)))
                .as(jlvsd.log())
                .containsExactly(rs3 + " 1");
        assertThat(jlvsd.jlvsadm("-L", "--checks").requireOk().stdout())
                .containsPattern("SSL_GET +" + lab.get("RS3_4").replace(".", "\\.") + ":443 +up")
                .containsPattern("SSL_GET +" + lab.get("RS2_4").replace(".", "\\.") + ":80 +DOWN +\\d+ +tls: ");
        assertThat(curl("https://" + lab.get("VIP4") + ":84/")).isEqualTo("rs3\n");
    }

    @Test
    @Order(3)
    void miscDynamicSetsTheWeightAndAHangingScriptIsKilled() throws Exception {
        String rs1 = lab.get("RS1_4") + ":80";
        assertThat(awaitListed(85, l -> l.equals(List.of(rs1 + " 10")), Duration.ofSeconds(10)))
                .as(jlvsd.log())
                .containsExactly(rs1 + " 10");
        Files.writeString(weightFile, "7\n");
        assertThat(awaitListed(85, l -> l.equals(List.of(rs1 + " 5")), Duration.ofSeconds(10)))
                .containsExactly(rs1 + " 5");
        Files.writeString(weightFile, "1\n");
        assertThat(awaitListed(85, List::isEmpty, Duration.ofSeconds(10))).isEmpty();
        Files.writeString(weightFile, "0\n");
        assertThat(awaitListed(85, l -> l.equals(List.of(rs1 + " 1")), Duration.ofSeconds(10)))
                .containsExactly(rs1 + " 1");

        assertThat(awaitListed(86, List::isEmpty, Duration.ofSeconds(15)))
                .as(jlvsd.log())
                .isEmpty();
        assertThat(jlvsd.jlvsadm("-L", "--checks").requireOk().stdout())
                .contains("timeout: timed out after 1 s, killed");
        long pid = Long.parseLong(Files.readString(scriptPid).trim());
        // Killed within misc_timeout plus keepalived's two-second grace; the next run has a new pid.
        Thread.sleep(3500);
        assertThat(running(pid)).isFalse();
    }

    @Test
    @Order(4)
    void inhibitOnFailureKeepsWeightZeroAndTheSorryServerTakesTrafficWhenAllAreDown() throws Exception {
        String rs1 = lab.get("RS1_4") + ":80";
        String rs2 = lab.get("RS2_4") + ":80";
        String rs3 = lab.get("RS3_4") + ":80";
        assertThat(awaitListed(87, l -> l.contains(rs1 + " 0"), Duration.ofSeconds(10)))
                .as(jlvsd.log())
                .containsExactlyInAnyOrder(rs1 + " 0", rs2 + " 1");
        assertThat(awaitListed(88, l -> l.equals(List.of(rs3 + " 1")), Duration.ofSeconds(10)))
                .as(jlvsd.log())
                .containsExactly(rs3 + " 1");
        for (int i = 0; i < 4; i++) {
            assertThat(curl("http://" + lab.get("VIP4") + ":88/")).isEqualTo("rs3\n");
        }
        assertThat(jlvsd.jlvsadm("-L", "--checks").requireOk().stdout())
                .contains("quorum DOWN")
                .contains("sorry_server " + rs3 + " in service");
    }

    @Test
    @Order(5)
    void stoppingNginxRemovesTheServerInTimeAndOnlyItsConnectionsFail() throws Exception {
        String rs1 = lab.get("RS1_4") + ":80";
        assertThat(awaitListed(80, l -> l.size() == 3, Duration.ofSeconds(5))).hasSize(3);
        // A client fetching through the VIP the whole time, one connection per request.
        List<long[]> results = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread client = Thread.ofPlatform().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Lab.Result r;
                try {
                    r = lab.exec(
                            lab.get("NS_C1"),
                            "curl",
                            "-s",
                            "-o",
                            "/dev/null",
                            "--max-time",
                            "3",
                            "http://" + lab.get("VIP4") + "/");
                } catch (AssertionError interrupted) {
                    return;
                }
                results.add(new long[] {System.nanoTime(), r.exitCode()});
            }
        });
        try {
            Thread.sleep(1000);
            long pid = Long.parseLong(Files.readString(Path.of(lab.get("LAB_RUN"), "rs1", "backend.pid"))
                    .trim());
            long stoppedAt = System.currentTimeMillis();
            new ProcessBuilder("kill", "-TERM", Long.toString(pid)).start().waitFor();
            List<String> after = awaitListed(80, l -> !l.contains(rs1 + " 1"), Duration.ofSeconds(20));
            long removed = System.nanoTime();
            assertThat(after).doesNotContain(rs1 + " 1");
            // delay_loop x (retry + 1) + connect_timeout, plus one second, to the moment jlvsd took
            // it out (its log; polling with jlvsadm adds a JVM start to what the test sees).
            String down = "real_server " + rs1 + " of TCP " + lab.get("VIP4") + ":80 is DOWN";
            assertThat((logTime(down) - stoppedAt) / 1e3).as(jlvsd.log()).isLessThanOrEqualTo(2 * (1 + 1) + 1 + 1);
            Thread.sleep(3000);
            client.interrupt();
            client.join();
            // Failures only while rs1 was still listed, and only refusals or resets: connections
            // the dead server got. After the removal every request succeeds.
            for (long[] r : results) {
                if (r[1] != 0) {
                    assertThat(r[0]).as("a request failed after the removal").isLessThan(removed + 300_000_000L);
                    assertThat(r[1]).as("curl exit code").isIn(7L, 52L, 56L);
                }
            }
            assertThat(results.stream()
                            .filter(r -> r[0] > removed + 300_000_000L)
                            .count())
                    .isGreaterThan(5);

            // Started again: back within one delay_loop (plus a second of slack for the poll).
            lab.exec(
                            lab.get("NS_RS1"),
                            "nginx",
                            "-c",
                            Path.of(lab.get("LAB_RUN"), "rs1", "nginx.conf").toString())
                    .requireOk();
            long startedAt = System.currentTimeMillis();
            assertThat(awaitListed(80, l -> l.contains(rs1 + " 1"), Duration.ofSeconds(10)))
                    .contains(rs1 + " 1");
            String up = "real_server " + rs1 + " of TCP " + lab.get("VIP4") + ":80 is UP";
            assertThat((logTime(up) - startedAt) / 1e3).as(jlvsd.log()).isLessThanOrEqualTo(2);
        } finally {
            client.interrupt();
            client.join();
        }
        String metrics = lab.exec(lab.get("NS_DIR"), "curl", "-s", "http://127.0.0.1:9189/metrics")
                .requireOk()
                .stdout();
        assertThat(metrics)
                .contains("jlvs_real_server_health_up{")
                .containsPattern("jlvs_health_check_transitions_total\\{.*real=\""
                        + lab.get("RS1_4").replace(".", "\\.") + "\".*reason=\"refused\".*to=\"down\".*} 1")
                .contains("jlvs_health_check_duration_seconds_count{")
                .contains("jlvs_virtual_server_quorum_up{");
    }

    /** When jlvsd logged the last line containing {@code text}, epoch ms (its log has local times of today). */
    static long logTime(String text) {
        String line = null;
        for (String l : jlvsd.log().split("\n")) {
            if (l.contains(text)) {
                line = l;
            }
        }
        assertThat(line).as("jlvsd logged " + text + "\n" + jlvsd.log()).isNotNull();
        java.time.LocalTime t = java.time.LocalTime.parse(line.substring(0, 12));
        return java.time.LocalDate.now()
                .atTime(t)
                .atZone(java.time.ZoneId.systemDefault())
                .toInstant()
                .toEpochMilli();
    }

    /** Alive and not a zombie waiting for a reaper. */
    static boolean running(long pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String s = Files.readString(stat);
        return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
    }
}
