package io.jlvs.daemon.health;

import io.jlvs.daemon.config.DnsCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code DNS_CHECK} (check_dns.c): one query over UDP for {@code name} of {@code type}; up when a
 * response with the query's id comes within {@code connect_timeout} with no error code and the
 * question count it was asked.
 */
final class DnsChecker implements Check {
    private static final Map<String, Integer> TYPES =
            Map.of("A", 1, "NS", 2, "CNAME", 5, "SOA", 6, "MX", 15, "TXT", 16, "AAAA", 28, "RRSIG", 46, "DNSKEY", 48);

    private final DnsCheck check;

    DnsChecker(DnsCheck check) {
        this.check = check;
    }

    @Override
    public CheckResult run() {
        int id = ThreadLocalRandom.current().nextInt(0x10000);
        byte[] query = query(id, check.name(), TYPES.getOrDefault(check.queryType(), 6));
        try (DatagramSocket s = Connector.datagram(check.connect())) {
            s.send(new DatagramPacket(query, query.length));
            byte[] buf = new byte[4096];
            long deadline = System.nanoTime() + check.connect().connectTimeout().toNanos();
            while (true) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                if (p.getLength() < 12 || ((buf[0] & 0xFF) << 8 | (buf[1] & 0xFF)) != id) {
                    if (System.nanoTime() > deadline) {
                        return CheckResult.failure("timeout", "no answer to the query");
                    }
                    continue; // a stray datagram: keep waiting for ours
                }
                int flags = (buf[2] & 0xFF) << 8 | (buf[3] & 0xFF);
                int qdcount = (buf[4] & 0xFF) << 8 | (buf[5] & 0xFF);
                if ((flags & 0x8000) == 0) {
                    return CheckResult.failure("reply", "a query came back, not a response");
                }
                if ((flags & 0xF) != 0) {
                    return CheckResult.failure("reply", "response code " + (flags & 0xF));
                }
                if (qdcount != 1) {
                    return CheckResult.failure("reply", "question count " + qdcount);
                }
                return CheckResult.success(check.queryType() + " " + check.name() + " answered");
            }
        } catch (SocketTimeoutException e) {
            return CheckResult.failure("timeout", "no answer within the connect timeout");
        } catch (IOException e) {
            return Connector.failure(e, "dns");
        }
    }

    static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(id >>> 8);
        b.write(id);
        b.write(0x01); // RD
        b.write(0x00);
        b.writeBytes(new byte[] {0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            if (label.isEmpty()) {
                continue;
            }
            byte[] l = label.getBytes(StandardCharsets.US_ASCII);
            b.write(Math.min(63, l.length));
            b.write(l, 0, Math.min(63, l.length));
        }
        b.write(0);
        b.write(type >>> 8);
        b.write(type);
        b.write(0);
        b.write(1); // IN
        return b.toByteArray();
    }
}
