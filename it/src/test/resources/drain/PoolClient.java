import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JDK HttpClient pool as an application uses one: N threads sharing one client, each sending a
 * GET and pausing 20-200 ms, for a number of seconds. Prints "ok=... failed=..." and the first
 * failures. Run with the JDK's source launcher inside a client namespace.
 */
public class PoolClient {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int threads = Integer.parseInt(args[1]);
        long until = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            ts[i] = Thread.ofPlatform().start(() -> {
                HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
                while (System.nanoTime() < until) {
                    try {
                        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            System.err.println("status " + r.statusCode());
                        }
                    } catch (Exception e) {
                        if (failed.incrementAndGet() <= 5) {
                            System.err.println("failed at " + System.currentTimeMillis() + ": " + causes(e));
                        }
                    }
                    try {
                        Thread.sleep(ThreadLocalRandom.current().nextLong(20, 201));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        for (Thread t : ts) {
            t.join();
        }
        System.out.println("ok=" + ok.get() + " failed=" + failed.get());
    }

    /** The exception and its causes, so a reset tells itself apart from an end of stream. */
    static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            sb.append(" <- ").append(c);
        }
        return sb.toString();
    }
}
