package io.jlvs.core.testframes;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Random valid frames for property tests: IPv4 or IPv6 (with extension header chains), TCP (with
 * random option layouts), UDP or ICMP/ICMPv6, 0–2 VLAN tags, random payload. Every frame produced
 * here must parse OK; tests that need broken frames break them afterwards.
 */
public final class RandomFrames {
    private RandomFrames() {}

    public static Arbitrary<RefFrame> frames() {
        return Arbitraries.randomValue(RandomFrames::frame);
    }

    public static RefFrame frame(Random r) {
        RefFrame f = new RefFrame();
        f.dstMac = r.nextLong() & 0xFFFF_FFFF_FFFFL;
        f.srcMac = r.nextLong() & 0xFFFF_FFFF_FFFFL;
        int tags = r.nextInt(3);
        for (int i = 0; i < tags; i++) {
            int tpid = i == 0 && tags == 2 ? (r.nextBoolean() ? 0x88A8 : 0x9100) : 0x8100;
            f.vlans.add(new int[] {tpid, r.nextInt(0x10000)});
        }
        f.ipVersion = r.nextBoolean() ? 4 : 6;
        f.src = bytes(r, f.ipVersion == 4 ? 4 : 16);
        f.dst = bytes(r, f.ipVersion == 4 ? 4 : 16);
        f.ttl = r.nextInt(256);
        f.tos = r.nextInt(256);
        f.ipId = r.nextInt(0x10000);
        f.fragmentWord = r.nextBoolean() ? 0x4000 : 0;
        if (f.ipVersion == 4 && r.nextInt(4) == 0) {
            f.ipv4Options = bytes(r, 4 * (1 + r.nextInt(10)));
        }
        if (f.ipVersion == 6) {
            addExtensions(r, f);
        }
        int kind = r.nextInt(3);
        f.protocol = kind == 0 ? 6 : kind == 1 ? 17 : f.ipVersion == 4 ? 1 : 58;
        f.srcPort = r.nextInt(0x10000);
        f.dstPort = r.nextInt(0x10000);
        f.seq = r.nextInt();
        f.ack = r.nextInt();
        f.tcpFlags = r.nextInt(256);
        f.window = r.nextInt(0x10000);
        if (f.protocol == 6) {
            f.tcpOptions = tcpOptions(r);
        }
        f.udpNoChecksum = f.ipVersion == 4 && r.nextInt(4) == 0;
        f.icmpType = f.ipVersion == 4 ? (r.nextBoolean() ? 8 : 0) : (r.nextBoolean() ? 128 : 129);
        f.icmpRest = r.nextInt();
        f.payload = bytes(r, r.nextInt(5) == 0 ? 0 : r.nextInt(120));
        return f;
    }

    private static void addExtensions(Random r, RefFrame f) {
        int count = r.nextInt(4);
        for (int i = 0; i < count; i++) {
            int pick = r.nextInt(5);
            if (pick == 0 && i == 0) {
                f.v6Extensions.add(new Object[] {0, uniformBody(r)});
            } else if (pick == 1) {
                byte[] body = uniformBody(r);
                body[1] = 0; // routing type 0 ... deprecated type is fine for a walker
                body[2] = 0; // segments left 0: this node is the final destination
                f.v6Extensions.add(new Object[] {43, body});
            } else if (pick == 2 && f.v6Extensions.stream().noneMatch(e -> (Integer) e[0] == 44)) {
                // An atomic fragment (RFC 6946): offset 0, M clear.
                byte[] body = new byte[7];
                Bytes.put32(body, 3, r.nextInt());
                f.v6Extensions.add(new Object[] {44, body});
            } else if (pick == 3) {
                int len = 1 + r.nextInt(3); // AH: (len + 2) * 4 bytes
                byte[] body = bytes(r, (len + 2) * 4 - 1);
                body[0] = (byte) len;
                f.v6Extensions.add(new Object[] {51, body});
            } else {
                f.v6Extensions.add(new Object[] {60, uniformBody(r)});
            }
        }
    }

    /** A (len + 1) * 8 byte extension header body, minus its next-header byte, with random options. */
    private static byte[] uniformBody(Random r) {
        int len = r.nextInt(3);
        byte[] body = bytes(r, (len + 1) * 8 - 1);
        body[0] = (byte) len;
        return body;
    }

    /** A valid random option list of at most 40 bytes. */
    public static byte[] tcpOptions(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            byte[] option =
                    switch (r.nextInt(8)) {
                        case 0 -> new byte[] {2, 4, (byte) r.nextInt(), (byte) r.nextInt()};
                        case 1 -> new byte[] {3, 3, (byte) r.nextInt(15)};
                        case 2 -> new byte[] {4, 2};
                        case 3 -> Bytes.concat(new byte[] {8, 10}, bytes(r, 8));
                        case 4 -> {
                            int blocks = 1 + r.nextInt(3);
                            yield Bytes.concat(new byte[] {5, (byte) (2 + 8 * blocks)}, bytes(r, 8 * blocks));
                        }
                        case 5 -> new byte[] {1};
                        case 6 -> new byte[] {1, 1};
                        default -> {
                            int len = 2 + r.nextInt(5);
                            byte[] o = bytes(r, len);
                            o[0] = (byte) (30 + r.nextInt(200));
                            o[1] = (byte) len;
                            yield o;
                        }
                    };
            if (out.size() + option.length > 40) {
                break;
            }
            out.writeBytes(option);
        }
        return out.toByteArray();
    }

    public static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
