package io.jlvs.daemon.config;

import java.util.Optional;

/** The top-level {@code SSL} block used by SSL_GET: key password, CA, certificate and key files. */
public record SslContext(
        Optional<String> password, Optional<String> ca, Optional<String> certificate, Optional<String> key) {}
