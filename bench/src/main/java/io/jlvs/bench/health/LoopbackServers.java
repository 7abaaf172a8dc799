package io.jlvs.bench.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The real servers of the health-check benchmark: {@code count} listeners on 127.0.0.1 from {@code
 * basePort}, one selector thread, answering each request with a fixed HTTP/1.0 page and closing.
 * Runs in its own process so its CPU is not charged to the checkers.
 */
public final class LoopbackServers {
    static final byte[] RESPONSE = ("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n")
            .getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws IOException {
        int base = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        Selector sel = Selector.open();
        for (int i = 0; i < count; i++) {
            ServerSocketChannel s = ServerSocketChannel.open();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), base + i), 256);
            s.configureBlocking(false);
            s.register(sel, SelectionKey.OP_ACCEPT);
        }
        System.out.println("listening");
        System.out.flush();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        while (true) {
            sel.select();
            for (SelectionKey k : sel.selectedKeys()) {
                try {
                    if (k.isAcceptable()) {
                        SocketChannel c = ((ServerSocketChannel) k.channel()).accept();
                        if (c != null) {
                            c.configureBlocking(false);
                            c.register(sel, SelectionKey.OP_READ, new StringBuilder());
                        }
                    } else if (k.isReadable()) {
                        SocketChannel c = (SocketChannel) k.channel();
                        buf.clear();
                        int n = c.read(buf);
                        if (n < 0) {
                            c.close();
                            continue;
                        }
                        StringBuilder req = (StringBuilder) k.attachment();
                        req.append(new String(buf.array(), 0, n, StandardCharsets.ISO_8859_1));
                        if (req.indexOf("\r\n\r\n") >= 0) {
                            c.write(ByteBuffer.wrap(RESPONSE));
                            c.close();
                        }
                    }
                } catch (IOException e) {
                    k.channel().close();
                }
            }
            sel.selectedKeys().clear();
        }
    }
}
