package io.jlvs.it.slowstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.jlvs.it.lab.JlvsdProcess;
import io.jlvs.it.lab.Lab;
import io.jlvs.it.lab.RequiresLab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow start under {@code lc}, the case it exists for (caddy#7966): two servers hold a pile of
 * recent (TIME_WAIT, inactive) connections, a third comes back with none. Real curl clients open
 * new connections through the VIP; {@code jlvsadm -L --stats} counts where they went.
 *
 * <p>In the same run, the same procedure on a second service without slow start shows IPVS's
 * behaviour: the newcomer takes (nearly) every new connection. With {@code --slow-start} it takes
 * a minority at first and a growing share as the ramp goes on.
 */
@RequiresLab
class SlowStartIT {
    @RegisterExtension
    static final Lab lab = new Lab("jlss");

    static final int WINDOW_SECONDS = 30;
    static final int PRELOAD = 160;
    static final int BURST = 40;

    static String service(int port) {
        return "virtual_server " + lab.get("VIP4") + " " + port + " {\n  lb_algo lc\n  lb_kind NAT\n  protocol TCP\n"
                + "  real_server " + lab.get("RS1_4") + " 80 { weight 1 }\n"
                + "  real_server " + lab.get("RS2_4") + " 80 { weight 1 }\n}\n";
    }

    @Test
    void aServerComingBackUnderLcGetsAGrowingShareInsteadOfEveryConnection() throws Exception {
        try (JlvsdProcess jlvsd = JlvsdProcess.start(lab, service(80) + service(8080))) {
            String ramped = lab.get("VIP4") + ":80";
            String plain = lab.get("VIP4") + ":8080";
            String rs3 = lab.get("RS3_4") + ":80";

            // IPVS's behaviour, measured first: no slow start.
            // Each service has its own client: both services reach the same real servers' port
            // 80, so one client's reused source port could make a reply ambiguous between them.
            List<String> failed = new ArrayList<>(connect("NS_C2", plain, PRELOAD));
            Counts before = counts(jlvsd, plain, rs3);
            add(jlvsd, plain, "0");
            failed.addAll(connect("NS_C2", plain, BURST));
            double ipvsShare = counts(jlvsd, plain, rs3).shareSince(before);

            failed.addAll(connect("NS_C1", ramped, PRELOAD));
            List<Double> shares = new ArrayList<>();
            List<String> when = new ArrayList<>();
            // The first burst right after the add: the ramp is at its floor, 10 %.
            before = counts(jlvsd, ramped, rs3);
            long t0 = System.nanoTime();
            add(jlvsd, ramped, WINDOW_SECONDS + "s");
            when.add(String.format("%.1fs", (System.nanoTime() - t0) / 1e9));
            failed.addAll(connect("NS_C1", ramped, BURST));
            shares.add(counts(jlvsd, ramped, rs3).shareSince(before));
            String listing = jlvsd.jlvsadm("-L", "-n", "-t", ramped).requireOk().stdout();
            for (double at : new double[] {12, 24}) {
                sleepUntil(t0, at);
                before = counts(jlvsd, ramped, rs3);
                when.add(String.format("%.1fs", (System.nanoTime() - t0) / 1e9));
                failed.addAll(connect("NS_C1", ramped, BURST));
                shares.add(counts(jlvsd, ramped, rs3).shareSince(before));
            }
            String report = "new connections to the returning server: without slow start "
                    + Math.round(ipvsShare * 100) + "%; with --slow-start " + WINDOW_SECONDS + "s, bursts of " + BURST
                    + " at " + when + ": "
                    + shares.stream().map(s -> Math.round(s * 100) + "%").toList();
            System.out.println("SlowStartIT: " + report + "\n" + listing);

            assertThat(listing)
                    .as(listing)
                    .containsPattern(Pattern.quote(rs3) + ".* slow start: [1-9][05]% of weight, [0-9.]+s of "
                            + WINDOW_SECONDS + "s");
            // Every connection was served: the ramp moves new connections, it refuses none.
            assertThat(failed).as(report).isEmpty();
            assertThat(ipvsShare).as(report).isGreaterThanOrEqualTo(0.9);
            assertThat(shares.getFirst()).as(report).isLessThanOrEqualTo(0.5);
            assertThat(shares.getLast()).as(report).isGreaterThan(shares.getFirst() + 0.2);
            // And the ramp ends: the listing no longer shows it.
            sleepUntil(t0, WINDOW_SECONDS + 1.5);
            assertThat(jlvsd.jlvsadm("-L", "-n", "-t", ramped).requireOk().stdout())
                    .doesNotContain("slow start");
        }
    }

    private static void add(JlvsdProcess jlvsd, String service, String slowStart) {
        jlvsd.jlvsadm("-a", "-t", service, "-r", lab.get("RS3_4") + ":80", "-m", "-w", "1", "--slow-start", slowStart)
                .requireOk();
    }

    /**
     * {@code n} new connections from a client (its namespace's variable), one after the other, each one request; returns
     * the failures, each as curl's exit code and the HTTP status it saw.
     */
    private static List<String> connect(String client, String service, int n) {
        Lab.Result r = lab.run(
                List.of(
                        "ip",
                        "netns",
                        "exec",
                        lab.get(client),
                        "sh",
                        "-c",
                        "for i in $(seq " + n + "); do c=$(curl -s -o /dev/null --max-time 5 -w '%{http_code}'"
                                + " http://" + service
                                + "/); e=$?; [ \"$c\" = 200 ] || echo \"curl exit $e, HTTP $c\"; done"),
                Duration.ofSeconds(120));
        return r.stdout().lines().toList();
    }

    /** Connections scheduled so far: to the whole service, and to one real server of it. */
    record Counts(long total, long toReal) {
        /** The share of the connections since {@code before} that went to the real server. */
        double shareSince(Counts before) {
            long all = total - before.total;
            return all == 0 ? 0 : (double) (toReal - before.toReal) / all;
        }
    }

    /** The Conns columns of {@code jlvsadm -L -n --stats --exact}: the service's and a real server's. */
    private static Counts counts(JlvsdProcess jlvsd, String service, String real) {
        String table = jlvsd.jlvsadm("-L", "-n", "--stats", "--exact", "-t", service)
                .requireOk()
                .stdout();
        Matcher total =
                Pattern.compile("^TCP\\s+\\S+\\s+(\\d+)", Pattern.MULTILINE).matcher(table);
        Matcher toReal =
                Pattern.compile("-> " + Pattern.quote(real) + "\\s+(\\d+)").matcher(table);
        assertThat(total.find()).as(table).isTrue();
        return new Counts(Long.parseLong(total.group(1)), toReal.find() ? Long.parseLong(toReal.group(1)) : 0);
    }

    private static void sleepUntil(long t0, double seconds) throws InterruptedException {
        long left = t0 + (long) (seconds * 1e9) - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000);
        }
    }
}
