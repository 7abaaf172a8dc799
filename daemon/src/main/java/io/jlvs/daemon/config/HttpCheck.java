package io.jlvs.daemon.config;

import java.util.List;
import java.util.Optional;

/**
 * {@code HTTP_GET} or {@code SSL_GET}: fetch each URL, compare status code, digest and regex.
 *
 * @param ssl true for SSL_GET
 * @param virtualhost the Host header: the checker's, else the real server's, else the virtual
 *     server's (a URL's own {@code virtualhost} overrides it)
 * @param httpProtocol {@code 1.0} (default), {@code 1.0C} (1.0 with Connection: close) or {@code 1.1}
 * @param enableSni send SNI (SSL_GET), the server name being {@code sniName} or the virtual host
 * @param fastRecovery check all URLs back-to-back after a failure instead of one per delay loop
 */
public record HttpCheck(
        boolean ssl,
        ConnectOptions connect,
        CheckTiming timing,
        List<Url> urls,
        Optional<String> virtualhost,
        String httpProtocol,
        boolean enableSni,
        Optional<String> sniName,
        boolean fastRecovery,
        boolean tlsCompliant)
        implements Checker {

    public HttpCheck {
        urls = List.copyOf(urls);
    }

    @Override
    public String type() {
        return ssl ? "SSL_GET" : "HTTP_GET";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(type())
                .append(" { ")
                .append(connect)
                .append(' ')
                .append(timing);
        virtualhost.ifPresent(v -> sb.append(" virtualhost ").append(v));
        sb.append(" http_protocol ").append(httpProtocol);
        if (enableSni) {
            sb.append(" enable_sni").append(sniName.map(n -> " sni_name " + n).orElse(""));
        }
        if (fastRecovery) {
            sb.append(" fast_recovery");
        }
        if (tlsCompliant) {
            sb.append(" tls_compliant");
        }
        for (Url u : urls) {
            sb.append(' ').append(u);
        }
        return sb.append(" }").toString();
    }
}
