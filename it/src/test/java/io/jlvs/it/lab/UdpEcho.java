package io.jlvs.it.lab;

import io.jlvs.linux.netns.NetNamespace;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A DNS-like UDP service on port 53 of a real server's namespace: answers each datagram with the
 * server's name, a space and the datagram's bytes as they arrived (so a header the director put in
 * front comes back to the client); and the client side that asks it.
 */
public final class UdpEcho implements AutoCloseable {
    public static final int PORT = 53;

    private final DatagramSocket socket;

    private UdpEcho(DatagramSocket socket) {
        this.socket = socket;
    }

    /** Starts answering on [::]:53 in {@code namespace} as {@code name}, on a daemon thread. */
    public static UdpEcho start(String namespace, String name) throws Exception {
        try (NetNamespace ns = NetNamespace.enter(namespace)) {
            DatagramSocket s =
                    ns.call(() -> new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::"), PORT)));
            Thread.ofPlatform().daemon().name("udp-echo-" + name).start(() -> answer(s, name));
            return new UdpEcho(s);
        }
    }

    private static void answer(DatagramSocket s, String name) {
        byte[] buf = new byte[1500];
        byte[] prefix = (name + " ").getBytes(StandardCharsets.US_ASCII);
        while (!s.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                byte[] answer = Arrays.copyOf(prefix, prefix.length + p.getLength());
                System.arraycopy(p.getData(), 0, answer, prefix.length, p.getLength());
                s.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Sends {@code query} from {@code namespace} to address:53; the answer, or null after 3 s. */
    public static byte[] ask(String namespace, String address, byte[] query) throws Exception {
        try (NetNamespace ns = NetNamespace.enter(namespace)) {
            return ns.call(() -> {
                try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::"), 0))) {
                    s.setSoTimeout(3000);
                    s.send(new DatagramPacket(query, query.length, InetAddress.getByName(address), PORT));
                    byte[] buf = new byte[1500];
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    try {
                        s.receive(p);
                    } catch (SocketTimeoutException e) {
                        return null;
                    }
                    return Arrays.copyOf(p.getData(), p.getLength());
                }
            });
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
