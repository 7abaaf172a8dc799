package io.jlvs.api;

/** The one range check for ports carried in the API. */
final class Ports {
    private Ports() {}

    static int check(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
        return port;
    }
}
