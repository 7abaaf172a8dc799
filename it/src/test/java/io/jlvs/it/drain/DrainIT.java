package io.jlvs.it.drain;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.it.lab.JlvsdProcess;
import io.jlvs.it.lab.Lab;
import io.jlvs.it.lab.PrometheusText;
import io.jlvs.it.lab.RequiresLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Draining a real server with real clients and nginx (issue 7's acceptance): think-time clients
 * see no failure and the drain ends in seconds; saturating loaders fail at most one request per
 * connection the server held; a long download runs until the deadline and is reset then;
 * re-adding cancels the drain; persistence moves at once; and, in the same run, IPVS's weight 0
 * (never empties) and expire_nodest_conn removal (resets) for comparison. Figures are printed.
 */
@RequiresLab
class DrainIT {
    @RegisterExtension
    static final Lab lab = new Lab("jldr");

    static String config() {
        return config("", "weight 1");
    }

    /**
     * Port 80 and a persistent port 8080, round robin over the three servers; {@code options} go in
     * the port-80 service, {@code realBody} in each of its real servers.
     */
    static String config(String options, String realBody) {
        StringBuilder sb = new StringBuilder();
        for (int port : new int[] {80, 8080}) {
            sb.append("virtual_server ")
                    .append(lab.get("VIP4"))
                    .append(' ')
                    .append(port)
                    .append(" {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n");
            if (port == 8080) {
                sb.append("  persistence_timeout 300\n");
            } else {
                sb.append(options);
            }
            for (String rs : new String[] {"RS1_4", "RS2_4", "RS3_4"}) {
                sb.append("  real_server ")
                        .append(lab.get(rs))
                        .append(" 80 { ")
                        .append(port == 80 ? realBody : "weight 1")
                        .append(" }\n");
            }
            sb.append("}\n");
        }
        return sb.toString();
    }

    /** A process running in a lab namespace, its output in a file. */
    record Background(Process process, Path out) {
        String await(long seconds) throws Exception {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("did not finish in " + seconds + " s: " + Files.readString(out));
            }
            return Files.readString(out);
        }

        int exitCode() {
            return process.exitValue();
        }
    }

    static Background bg(String ns, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", lab.get(ns)));
        argv.addAll(List.of(command));
        Path out = Files.createTempFile("jlvs-drain", ".out");
        Process p = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        return new Background(p, out);
    }

    static Background pool(int connections, int seconds) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String source = Path.of(lab.root().toString(), "it/src/test/resources/drain/PoolClient.java")
                .toString();
        return bg("NS_C1", java, source, "http://" + lab.get("VIP4") + "/", "" + connections, "" + seconds);
    }

    /** A 100 MiB file in rs3's document root (nginx serves /big from it). */
    static Path bigFileOnRs3() throws IOException {
        Path big = Path.of(lab.get("LAB_RUN"), "rs3", "www", "big");
        try (var f = Files.newOutputStream(big)) {
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < 100; i++) {
                f.write(chunk);
            }
        }
        return big;
    }

    /**
     * curl downloading /big at {@code rate}, which lands on rs3: rs1 and rs2 are at weight 0 while
     * it connects, and back at 1 after. Its output is the size downloaded.
     */
    static Background downloadFromRs3(JlvsdProcess jlvsd, String rate) throws Exception {
        String vs = lab.get("VIP4") + ":80";
        for (String rs : new String[] {"RS1_4", "RS2_4"}) {
            jlvsd.jlvsadm("-e", "-t", vs, "-r", lab.get(rs) + ":80", "-m", "-w", "0")
                    .requireOk();
        }
        Background download = bg(
                "NS_C1",
                "curl",
                "-sS",
                "--limit-rate",
                rate,
                "-o",
                "/dev/null",
                "-w",
                "%{size_download}",
                "http://" + lab.get("VIP4") + "/big");
        Thread.sleep(300);
        for (String rs : new String[] {"RS1_4", "RS2_4"}) {
            jlvsd.jlvsadm("-e", "-t", vs, "-r", lab.get(rs) + ":80", "-m", "-w", "1")
                    .requireOk();
        }
        return download;
    }

    /** curl fetching many URLs over one keep-alive connection at 20 requests a second. */
    static Background curlRate(int requests) throws IOException {
        return bg(
                "NS_C2",
                "curl",
                "-sS",
                "--rate",
                "20/s",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}\\n",
                "http://" + lab.get("VIP4") + "/?[1-" + requests + "]");
    }

    static Path accessLog(String server) {
        return Path.of(lab.get("LAB_RUN"), server, "access.log");
    }

    static long lines(Path p) throws IOException {
        try (var s = Files.lines(p)) {
            return s.count();
        }
    }

    /** ActiveConn + InActConn of a real server in {@code jlvsadm -L -n}. */
    static long connections(JlvsdProcess jlvsd, String service, String real) {
        String table = jlvsd.jlvsadm("-L", "-n", "-t", service).requireOk().stdout();
        Matcher m = Pattern.compile("-> " + Pattern.quote(real) + "\\s+\\S+\\s+\\d+\\s+(\\d+)\\s+(\\d+)")
                .matcher(table);
        return m.find() ? Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)) : -1;
    }

    static long activeConns(JlvsdProcess jlvsd, String service, String real) {
        String table = jlvsd.jlvsadm("-L", "-n", "-t", service).requireOk().stdout();
        Matcher m = Pattern.compile("-> " + Pattern.quote(real) + "\\s+\\S+\\s+\\d+\\s+(\\d+)")
                .matcher(table);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * Requests ab saw fail. ab reports one request broken by a reset in up to three of its
     * categories at once — the poll error that reported it (Exceptions), the failed read (Receive)
     * and the short response (Length) — so its "Failed requests" total counts it up to three times;
     * the requests that failed are the connect failures plus the largest of those three.
     */
    static long abFailedRequests(String abOut) {
        Matcher m = Pattern.compile(
                        "Failed requests:\\s+\\d+\\s+\\(Connect: (\\d+), Receive: (\\d+), Length: (\\d+), Exceptions: (\\d+)\\)")
                .matcher(abOut);
        if (m.find()) {
            long receive = Long.parseLong(m.group(2));
            long length = Long.parseLong(m.group(3));
            long exceptions = Long.parseLong(m.group(4));
            return Long.parseLong(m.group(1)) + Math.max(receive, Math.max(length, exceptions));
        }
        Matcher none = Pattern.compile("Failed requests:\\s+(\\d+)").matcher(abOut);
        assertThat(none.find()).as(abOut).isTrue();
        return Long.parseLong(none.group(1));
    }

    static double drainSeconds(String summary) {
        Matcher m = Pattern.compile("drain done after ([0-9.]+) s").matcher(summary);
        assertThat(m.find()).as(summary).isTrue();
        return Double.parseDouble(m.group(1));
    }

    static long figure(String summary, String what) {
        Matcher m = Pattern.compile("(\\d+) " + Pattern.quote(what)).matcher(summary);
        assertThat(m.find()).as(summary).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void thinkTimeClientsSeeNoFailureAndTheDrainEndsInSeconds() throws Exception {
        String vs = lab.get("VIP4") + ":80";
        String rs3 = lab.get("RS3_4") + ":80";
        try (JlvsdProcess jlvsd = JlvsdProcess.start(lab, config())) {
            Background pool = pool(50, 9);
            List<Background> curls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                curls.add(curlRate(180));
            }
            Thread.sleep(2500);
            long held = connections(jlvsd, vs, rs3);
            Lab.Result drain = jlvsd.jlvsadm("--drain", "-t", vs, "-r", rs3, "--timeout", "10s", "--wait");
            long logAtEnd = lines(accessLog("rs3"));
            String poolOut = pool.await(60);
            List<String> curlOut = new ArrayList<>();
            for (Background c : curls) {
                curlOut.add(c.await(60));
            }
            System.out.println("think-time drain: rs3 held " + held + " connection(s); "
                    + drain.stdout().strip() + "; pool: " + poolOut.strip().replace('\n', ' '));
            assertThat(drain.exitCode()).as(drain.stderr()).isZero();
            assertThat(held).isPositive();
            assertThat(drainSeconds(drain.stdout())).isLessThan(3.0);
            assertThat(poolOut).contains("failed=0");
            for (String out : curlOut) {
                assertThat(out.lines().filter(l -> !l.equals("200")).toList())
                        .as("curl --rate 20/s over one keep-alive connection")
                        .isEmpty();
                assertThat(out.lines().count()).isEqualTo(180);
            }
            assertThat(lines(accessLog("rs3")))
                    .as("no request reached rs3 after its drain finished")
                    .isEqualTo(logAtEnd);
            assertThat(jlvsd.jlvsadm("-L", "-n", "-t", vs).stdout())
                    .as("removed from the drained service (it stays in the :8080 one)")
                    .doesNotContain(rs3);
        }
    }

    @Test
    void saturatingLoadersFailAtMostTheOneRequestThatCrossesEachClose() throws Exception {
        String vs = lab.get("VIP4") + ":80";
        String rs3 = lab.get("RS3_4") + ":80";
        try (JlvsdProcess jlvsd = JlvsdProcess.start(lab, config())) {
            Background wrk = bg("NS_C1", "wrk", "-t", "1", "-c", "12", "-d", "8s", "http://" + lab.get("VIP4") + "/");
            Background ab = bg(
                    "NS_C2",
                    "ab",
                    "-k",
                    "-r",
                    "-c",
                    "9",
                    "-t",
                    "8",
                    "-n",
                    "100000000",
                    "http://" + lab.get("VIP4") + "/");
            Thread.sleep(2500);
            long held = connections(jlvsd, vs, rs3);
            Lab.Result drain = jlvsd.jlvsadm("--drain", "-t", vs, "-r", rs3, "--timeout", "10s", "--wait");
            String wrkOut = wrk.await(60);
            String abOut = ab.await(60);
            long wrkErrors = 0;
            Matcher m = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
                    .matcher(wrkOut);
            if (m.find()) {
                for (int g = 1; g <= 4; g++) {
                    wrkErrors += Long.parseLong(m.group(g));
                }
            }
            Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(wrkOut);
            if (non2xx.find()) {
                wrkErrors += Long.parseLong(non2xx.group(1));
            }
            long abErrors = abFailedRequests(abOut);
            Matcher abLine =
                    Pattern.compile("Failed requests:.*(\\n\\s+\\(.*\\))?").matcher(abOut);
            System.out.println("saturating drain: rs3 held " + held + " connection(s); "
                    + drain.stdout().strip() + "; wrk errors " + wrkErrors + ", ab failed " + abErrors
                    + (abLine.find() ? " (ab: " + abLine.group().replaceAll("\\s+", " ") + ")" : ""));
            assertThat(drain.exitCode()).as(drain.stderr()).isZero();
            assertThat(drainSeconds(drain.stdout())).isLessThan(3.0);
            assertThat(wrkOut).contains("Requests/sec");
            assertThat(wrkErrors + abErrors)
                    .as("failed requests are at most the connections rs3 held")
                    .isLessThanOrEqualTo(held);
        }
    }

    @Test
    void aLongDownloadRunsUntilTheDeadlineAndIsResetThen() throws Exception {
        String vs = lab.get("VIP4") + ":80";
        String rs3 = lab.get("RS3_4") + ":80";
        Path big = bigFileOnRs3();
        try (JlvsdProcess jlvsd = JlvsdProcess.start(lab, config())) {
            // 100 MiB at 5 MiB/s: twenty seconds in flight, paced by the client (its window shuts
            // and opens as curl reads), well past the deadline however long jlvsadm takes to start.
            Background download = downloadFromRs3(jlvsd, "5M");
            Thread.sleep(500);
            // The drain begins after this instant (jlvsadm's start-up comes first): the download
            // must outlive the deadline counted from here.
            long asked = System.nanoTime();
            Lab.Result drain = jlvsd.jlvsadm("--drain", "-t", vs, "-r", rs3, "--timeout", "2s", "--wait");
            String out = download.await(30);
            double ended = (System.nanoTime() - asked) / 1e9;
            System.out.println("download drain: " + drain.stdout().strip() + "; curl ended " + ended
                    + " s after the drain was asked for: " + out.strip());
            assertThat(download.exitCode()).as("curl was reset: " + out).isEqualTo(56);
            assertThat(ended).as("not cut before the 2 s deadline").isGreaterThanOrEqualTo(2.0);
            assertThat(Long.parseLong(
                            out.lines().reduce((a, b) -> b).orElse("0").replaceAll("\\D.*", "")))
                    .as("cut in the middle")
                    .isLessThan(100L << 20);
            assertThat(figure(drain.stdout(), "reset at the deadline")).isEqualTo(1);
        } finally {
            Files.deleteIfExists(big);
        }
    }

    @Test
    void reAddingDuringADrainCancelsItAndBreaksNoFlow() throws Exception {
        String vs = lab.get("VIP4") + ":80";
        String rs3 = lab.get("RS3_4") + ":80";
        Path big = bigFileOnRs3();
        try (JlvsdProcess jlvsd = JlvsdProcess.start(lab, config())) {
            // A download on rs3 holds the drain open (it is never closed before the deadline);
            // the pool's flows on rs3 are closed meanwhile.
            Background download = downloadFromRs3(jlvsd, "5M");
            Background pool = pool(30, 8);
            Thread.sleep(2000);
            jlvsd.jlvsadm("--drain", "-t", vs, "-r", rs3, "--timeout", "30s").requireOk();
            Thread.sleep(300);
            assertThat(jlvsd.jlvsadm("-L", "-n", "-t", vs).stdout()).contains("draining:");
            // The metrics give the drain's flows by class and its time left.
            PrometheusText metrics = PrometheusText.parse(
                    lab.exec(lab.get("NS_DIR"), "curl", "-sS", "--max-time", "5", "http://127.0.0.1:9189/metrics")
                            .requireOk()
                            .stdout());
            Map<String, String> rs3Labels = Map.of("real", lab.get("RS3_4"), "port", "80");
            double open = metrics.samples().stream()
                    .filter(x -> x.name().equals("jlvs_real_server_drain_flows"))
                    .filter(x -> x.labels().entrySet().containsAll(rs3Labels.entrySet()))
                    .mapToDouble(PrometheusText.Sample::value)
                    .sum();
            double left = metrics.value("jlvs_real_server_drain_time_left_seconds", rs3Labels);
            System.out.println("re-add during a drain: metrics show " + open + " open flow(s), " + left + " s left");
            assertThat(open).as("the download at least").isGreaterThanOrEqualTo(1);
            assertThat(left).isGreaterThan(0).isLessThanOrEqualTo(30);
            jlvsd.jlvsadm("-a", "-t", vs, "-r", rs3, "-m", "-w", "1").requireOk();
            String out = pool.await(60);
            String downloaded = download.await(60);
            System.out.println("re-add during a drain: pool " + out.strip().replace('\n', ' ') + "; download "
                    + downloaded.strip() + ", curl exit " + download.exitCode());
            assertThat(out).contains("failed=0");
            assertThat(download.exitCode()).as(downloaded).isZero();
            assertThat(downloaded.strip()).isEqualTo(Long.toString(100L << 20));
            assertThat(jlvsd.jlvsadm("-L", "-n", "-t", vs).stdout())
                    .contains(rs3)
                    .doesNotContain("draining:");
            assertThat(jlvsd.log()).contains("cancelled: the server was added again");
        } finally {
            Files.deleteIfExists(big);
        }
    }

    /** The duration in jlvsd's "drained ... in 1.234 s: ..." line. */
    static double loggedSeconds(String drainedLine) {
        Matcher m = Pattern.compile(" in ([0-9.]+) s: ").matcher(drainedLine);
        assertThat(m.find()).as(drainedLine).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** Waits for jlvsd's log to say the drain of rs3 on port 80 is over; returns that line. */
    static String awaitDrained(JlvsdProcess jlvsd) {
        String line =
                "drained " + "Endpoint[address=" + lab.get("RS3_4") + ", port=80] of TCP " + lab.get("VIP4") + ":80";
        String log = jlvsd.awaitLog(line, 1, java.time.Duration.ofSeconds(30));
        return log.lines().filter(l -> l.contains(line)).findFirst().orElseThrow();
    }

    @Test
    void aReloadThatRemovesAServerDrainsItUnderDrainOnRemoval() throws Exception {
        String vs = lab.get("VIP4") + ":80";
        String rs3 = lab.get("RS3_4") + ":80";
        String options = "  drain_on_removal\n  drain_timeout 10\n";
        try (JlvsdProcess jlvsd = JlvsdProcess.start(lab, config(options, "weight 1"))) {
            Background pool = pool(50, 9);
            Thread.sleep(2500);
            long held = connections(jlvsd, vs, rs3);
            String without = config(options, "weight 1")
                    .replaceFirst("  real_server " + Pattern.quote(lab.get("RS3_4")) + " 80 \\{ weight 1 \\}\n", "");
            Files.writeString(Path.of(lab.get("LAB_RUN"), "jlvsd", "jlvsd.conf"), without);
            assertThat(jlvsd.jlvsadm("--reload").requireOk().stdout()).contains("1 drain(s)");
            String drained = awaitDrained(jlvsd);
            long logAtEnd = lines(accessLog("rs3"));
            String out = pool.await(60);
            System.out.println("drain_on_removal: rs3 held " + held + " connection(s); " + drained + "; pool "
                    + out.strip().replace('\n', ' '));
            assertThat(held).isPositive();
            assertThat(jlvsd.log())
                    .contains("draining it first (drain_on_removal)")
                    .contains("deadline 10.0 s");
            assertThat(loggedSeconds(drained)).isLessThan(3.0);
            assertThat(out).contains("failed=0");
            assertThat(lines(accessLog("rs3"))).isEqualTo(logAtEnd);
            assertThat(jlvsd.jlvsadm("-L", "-n", "-t", vs).stdout()).doesNotContain(rs3);
        }
    }

    @Test
    void aServerThatFailsItsCheckDrainsUnderDrainOnFailure() throws Exception {
        String vs = lab.get("VIP4") + ":80";
        String rs3 = lab.get("RS3_4") + ":80";
        List<Path> health = new ArrayList<>();
        for (String rs : new String[] {"rs1", "rs2", "rs3"}) {
            Path p = Path.of(lab.get("LAB_RUN"), rs, "www", "health");
            Files.writeString(p, "ok\n");
            health.add(p);
        }
        String check = "weight 1\n   HTTP_GET {\n    connect_timeout 1\n    retry 0\n    url {\n     path /health\n"
                + "     status_code 200\n    }\n   }\n ";
        try (JlvsdProcess jlvsd =
                JlvsdProcess.start(lab, config("  delay_loop 1\n  drain_on_failure\n  drain_timeout 10\n", check))) {
            Background pool = pool(50, 10);
            Thread.sleep(2500);
            long held = connections(jlvsd, vs, rs3);
            // rs3 is going down (its health page is gone) but still answers what it is sent.
            Files.delete(health.get(2));
            String drained = awaitDrained(jlvsd);
            String out = pool.await(60);
            System.out.println("drain_on_failure: rs3 held " + held + " connection(s); " + drained + "; pool "
                    + out.strip().replace('\n', ' '));
            assertThat(held).isPositive();
            assertThat(jlvsd.log()).contains("draining it (drain_on_failure), then removal");
            assertThat(out).contains("failed=0");
            assertThat(jlvsd.jlvsadm("-L", "-n", "-t", vs).stdout()).doesNotContain(rs3);
        } finally {
            for (Path p : health) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void aPersistentClientsNextConnectionMovesOffTheDrainingServerAtOnce() throws Exception {
        String vs = lab.get("VIP4") + ":8080";
        try (JlvsdProcess jlvsd = JlvsdProcess.start(lab, config())) {
            String url = "http://" + lab.get("VIP4") + ":8080/name";
            String first = lab.exec(lab.get("NS_C1"), "curl", "-sS", url)
                    .requireOk()
                    .stdout()
                    .strip();
            assertThat(lab.exec(lab.get("NS_C1"), "curl", "-sS", url).stdout().strip())
                    .as("persistent")
                    .isEqualTo(first);
            String rs = lab.get(first.toUpperCase(java.util.Locale.ROOT) + "_4") + ":80";
            jlvsd.jlvsadm("--drain", "-t", vs, "-r", rs, "--timeout", "30s").requireOk();
            String next = lab.exec(lab.get("NS_C1"), "curl", "-sS", url)
                    .requireOk()
                    .stdout()
                    .strip();
            assertThat(next).isNotEqualTo(first);
        }
    }

    @Test
    void ipvsBehavioursForComparisonWeightZeroNeverEmptiesAndExpireNodestConnResets() throws Exception {
        String vs = lab.get("VIP4") + ":80";
        String rs3 = lab.get("RS3_4") + ":80";
        try (JlvsdProcess jlvsd = JlvsdProcess.start(lab, config())) {
            // Weight 0: a keep-alive connection stays on the server as long as its client talks (three
            // curl clients, one connection each, round robin: one of them is on rs3).
            List<Background> curls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                curls.add(curlRate(1300));
                Thread.sleep(200);
            }
            Thread.sleep(2000);
            jlvsd.jlvsadm("-e", "-t", vs, "-r", rs3, "-m", "-w", "0").requireOk();
            Thread.sleep(60_000);
            long stillActive = activeConns(jlvsd, vs, rs3);
            for (Background c : curls) {
                c.await(60);
            }
            System.out.println("weight 0: rs3 still has " + stillActive + " active connection(s) after 60 s");
            assertThat(stillActive).isPositive();

            // expire_nodest_conn=1 and removal: the flows are reset, clients see it.
            jlvsd.jlvsadm("-e", "-t", vs, "-r", rs3, "-m", "-w", "1").requireOk();
            jlvsd.jlvsadm("--sysctl", "expire_nodest_conn=1").requireOk();
            assertThat(jlvsd.jlvsadm("--sysctl", "expire_nodest_conn").stdout()).contains("expire_nodest_conn = 1");
            Background wrk = bg("NS_C1", "wrk", "-t", "1", "-c", "12", "-d", "6s", "http://" + lab.get("VIP4") + "/");
            Thread.sleep(2500);
            long held = connections(jlvsd, vs, rs3);
            jlvsd.jlvsadm("-d", "-t", vs, "-r", rs3).requireOk();
            String wrkOut = wrk.await(60);
            Matcher m = Pattern.compile("Socket errors: connect \\d+, read (\\d+), write (\\d+)")
                    .matcher(wrkOut);
            long errors = m.find() ? Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)) : 0;
            System.out.println("expire_nodest_conn removal: rs3 held " + held + " connection(s); wrk saw " + errors
                    + " reset/read/write error(s)");
            assertThat(errors).as(wrkOut).isPositive();
        }
    }
}
