package io.jlvs.daemon.health;

import io.jlvs.daemon.config.HttpCheck;
import io.jlvs.daemon.config.Url;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * {@code HTTP_GET} and {@code SSL_GET} (check_http.c): for each {@code url}, one connection, the
 * request keepalived sends (its User-Agent, Host from the url's, checker's, real server's or virtual
 * server's {@code virtualhost}, else the address), then the status code must be in {@code
 * status_code}, the body's MD5 must equal {@code digest}, and {@code regex} must (or with {@code
 * regex_no_match} must not) match. Each read waits at most {@code connect_timeout}, as keepalived's
 * do. SSL_GET checks no certificate, as keepalived does without a CA; {@code enable_sni} sends the
 * server name. All URLs are checked in one round (keepalived spreads them one per {@code
 * delay_loop} unless {@code fast_recovery}; one round is that mode).
 */
final class HttpChecker implements Check {
    /** Bodies are hashed whole; the regex sees at most this much of them. */
    private static final int REGEX_LIMIT = 1 << 20;

    private static final SSLContext TRUST_ALL = trustAll();

    private final HttpCheck check;
    private final List<Pattern> patterns = new ArrayList<>();

    HttpChecker(HttpCheck check) {
        this.check = check;
        for (Url u : check.urls()) {
            patterns.add(u.regex().map(r -> Pattern.compile(r, flags(u))).orElse(null));
        }
    }

    @Override
    public CheckResult run() {
        if (check.urls().isEmpty()) {
            return CheckResult.failure("error", "no url configured");
        }
        CheckResult last = null;
        for (int i = 0; i < check.urls().size(); i++) {
            last = fetch(check.urls().get(i), patterns.get(i));
            if (!last.ok()) {
                return last;
            }
        }
        return last;
    }

    private CheckResult fetch(Url url, Pattern regex) {
        String host = url.virtualhost().or(check::virtualhost).orElse(null);
        Response r;
        try (Socket plain = Connector.connect(check.connect())) {
            Socket s = check.ssl() ? tls(plain, host) : plain;
            try {
                OutputStream out = s.getOutputStream();
                out.write(request(url.path(), host).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                r = Response.read(s.getInputStream());
            } finally {
                if (s != plain) {
                    s.close();
                }
            }
        } catch (IOException e) {
            return Connector.failure(e, url.path());
        }
        if (r.received == 0) {
            return CheckResult.failure("no_data", url.path() + ": no data received");
        }
        if (r.status < 0 || !url.statusCodes().accepts(r.status)) {
            return CheckResult.failure(
                    "status_code",
                    url.path() + ": HTTP status " + (r.status < 0 ? "unreadable" : r.status) + ", wanted "
                            + url.statusCodes());
        }
        if (url.digest().isPresent() && !url.digest().get().equalsIgnoreCase(r.digest)) {
            return CheckResult.failure(
                    "digest",
                    url.path() + ": MD5 digest " + r.digest + ", wanted "
                            + url.digest().get());
        }
        if (regex != null) {
            boolean matched = matches(url, regex, r.text());
            if (matched == url.regexNoMatch()) {
                return CheckResult.failure(
                        "regex",
                        url.path() + ": regex " + (matched ? "matched" : "did not match") + " (" + regex.pattern()
                                + ")");
            }
        }
        return CheckResult.success(url.path() + ": HTTP " + r.status);
    }

    private String request(String path, String vhost) {
        String proto = check.httpProtocol();
        String host;
        if (vhost != null) {
            host = vhost;
        } else {
            var t = check.connect().target();
            host = (t.address().isV4() ? t.address().toString() : "[" + t.address() + "]") + ":" + t.port();
        }
        return "GET " + path + " HTTP/1." + (proto.equals("1.1") ? 1 : 0) + "\r\n"
                + "User-Agent: KeepAliveClient\r\n"
                + (proto.equals("1.0C") || proto.equals("1.1") ? "Connection: close\r\n" : "")
                + "Host: " + host + "\r\n\r\n";
    }

    private Socket tls(Socket plain, String vhost) throws IOException {
        var t = check.connect().target();
        SSLSocket s = (SSLSocket)
                TRUST_ALL.getSocketFactory().createSocket(plain, t.address().toString(), t.port(), true);
        SSLParameters p = s.getSSLParameters();
        String sni = check.sniName().orElse(vhost);
        if (check.enableSni() && sni != null && !sni.isEmpty() && Character.isLetter(sni.charAt(0))) {
            p.setServerNames(List.of(new SNIHostName(sni)));
        } else {
            p.setServerNames(List.of());
        }
        p.setEndpointIdentificationAlgorithm(null);
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    private static boolean matches(Url url, Pattern regex, String body) {
        int from = (int) Math.min(body.length(), url.regexMinOffset());
        Matcher m = regex.matcher(body);
        if (!m.find(from)) {
            return false;
        }
        return url.regexMaxOffset() == 0 || m.start() <= url.regexMaxOffset() - 1;
    }

    private static int flags(Url u) {
        int f = 0;
        for (String o : u.regexOptions()) {
            f |= switch (o.toLowerCase(Locale.ROOT)) {
                case "caseless" -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                case "multiline" -> Pattern.MULTILINE;
                case "dotall" -> Pattern.DOTALL;
                case "extended" -> Pattern.COMMENTS;
                case "ucp", "utf" -> Pattern.UNICODE_CHARACTER_CLASS;
                default -> 0; // PCRE2 tuning options with no Java meaning
            };
        }
        return f;
    }

    /** A response read to its end (the server's close, or Content-Length). */
    private static final class Response {
        int status = -1;
        long received;
        String digest;
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        final ByteArrayOutputStream regexText = new ByteArrayOutputStream();

        String text() {
            return regexText.toString(StandardCharsets.ISO_8859_1);
        }

        static Response read(InputStream in) throws IOException {
            Response r = new Response();
            MessageDigest md5 = md5();
            byte[] buf = new byte[16384];
            boolean inBody = false;
            long contentLength = -1;
            long bodyBytes = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                r.received += n;
                int off = 0;
                if (!inBody) {
                    r.head.write(buf, 0, n);
                    byte[] h = r.head.toByteArray();
                    int end = headerEnd(h);
                    if (end < 0) {
                        continue;
                    }
                    inBody = true;
                    String header = new String(h, 0, end, StandardCharsets.ISO_8859_1);
                    r.status = statusCode(header);
                    contentLength = contentLength(header);
                    int bodyInHead = h.length - (end + 4);
                    off = n - bodyInHead;
                }
                int len = n - off;
                md5.update(buf, off, len);
                if (r.regexText.size() < REGEX_LIMIT) {
                    r.regexText.write(buf, off, Math.min(len, REGEX_LIMIT - r.regexText.size()));
                }
                bodyBytes += len;
                if (contentLength >= 0 && bodyBytes >= contentLength) {
                    break;
                }
            }
            r.digest = HexFormat.of().formatHex(md5.digest());
            return r;
        }

        private static int headerEnd(byte[] h) {
            for (int i = 0; i + 3 < h.length; i++) {
                if (h[i] == '\r' && h[i + 1] == '\n' && h[i + 2] == '\r' && h[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private static int statusCode(String header) {
            int sp = header.indexOf(' ');
            if (!header.startsWith("HTTP/") || sp < 0 || header.length() < sp + 4) {
                return -1;
            }
            try {
                return Integer.parseInt(header.substring(sp + 1, sp + 4));
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private static long contentLength(String header) {
            // Line by line with indexOf: split("\r\n") compiles a regex on every check.
            for (int at = 0, eol; at < header.length(); at = eol + 2) {
                eol = header.indexOf("\r\n", at);
                if (eol < 0) {
                    eol = header.length();
                }
                String line = header.substring(at, eol);
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                    try {
                        return Long.parseLong(line.substring(colon + 1).trim());
                    } catch (NumberFormatException e) {
                        return -1;
                    }
                }
            }
            return -1;
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }

    /** keepalived's SSL_GET verifies no certificate unless given a CA: neither does this. */
    private static SSLContext trustAll() {
        // The extended form, so the JDK does not wrap it in one that adds its own checks.
        TrustManager tm = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, new TrustManager[] {tm}, new SecureRandom());
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK", e);
        }
    }
}
