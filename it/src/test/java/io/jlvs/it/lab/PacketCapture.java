package io.jlvs.it.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** tcpdump in a lab namespace, written to a pcap file and decoded by tshark into fields. */
public final class PacketCapture implements AutoCloseable {
    private final Lab lab;
    private final Path pcap;
    private final Process tcpdump;

    private PacketCapture(Lab lab, Path pcap, Process tcpdump) {
        this.lab = lab;
        this.pcap = pcap;
        this.tcpdump = tcpdump;
    }

    /** Starts capturing on {@code device} of {@code namespace} with a BPF {@code filter}. */
    public static PacketCapture start(Lab lab, String namespace, String device, String filter, Path pcap)
            throws InterruptedException {
        // --immediate-mode: libpcap's TPACKET_V3 ring otherwise holds packets until a block fills or
        // its 1 s timeout passes, and the packets of the last second are lost when tcpdump is stopped.
        Process p =
                lab.spawn(namespace, "tcpdump", "-i", device, "--immediate-mode", "-U", "-w", pcap.toString(), filter);
        // tcpdump says "listening on" once the socket is bound; a second is plenty on a loaded box.
        Thread.sleep(1500);
        return new PacketCapture(lab, pcap, p);
    }

    /** Stops the capture (idempotent). */
    @Override
    public void close() throws InterruptedException {
        if (tcpdump.isAlive()) {
            Thread.sleep(300);
            tcpdump.destroy();
            tcpdump.waitFor();
        }
    }

    /** The captured packets as rows of tshark fields ({@code -T fields}), each row split on '|'. */
    public List<String[]> fields(String displayFilter, String... fields) throws InterruptedException {
        close();
        List<String> argv =
                new ArrayList<>(List.of("tshark", "-r", pcap.toString(), "-T", "fields", "-E", "separator=|"));
        if (!displayFilter.isEmpty()) {
            argv.addAll(List.of("-Y", displayFilter));
        }
        for (String f : fields) {
            argv.add("-e");
            argv.add(f);
        }
        String out = lab.run(argv, Duration.ofSeconds(60)).requireOk().stdout();
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                rows.add(line.split("\\|", -1));
            }
        }
        return rows;
    }

    /** {@link #fields} rows as text, a row a line, fields joined by '|' as tshark printed them. */
    public static String text(List<String[]> rows) {
        return String.join("\n", rows.stream().map(r -> String.join("|", r)).toList());
    }
}
