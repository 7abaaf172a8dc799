package io.jlvs.daemon.config;

/**
 * The server that replaces every real server while a virtual service is below its quorum
 * ({@code sorry_server}, {@code sorry_server_lvs_method}, {@code sorry_server_inhibit}).
 */
public record SorryServer(Endpoint endpoint, LvsMethod method, boolean inhibit) {}
