package io.jlvs.core.proto;

/**
 * UDP has no connection state on the wire, so IPVS gives a UDP entry a single state whose only
 * use is to select the UDP timeout ({@code ipvsadm --set}'s third value). The entry is refreshed
 * by every datagram in either direction and expires after that timeout of silence.
 */
public final class UdpStates {
    private UdpStates() {}

    /** The one UDP state. */
    public static final int NORMAL = 0;

    /** Number of UDP states. */
    public static final int COUNT = 1;

    /** The state's name as {@code ipvsadm -lnc} prints it for a UDP entry; control plane only. */
    public static String name(int state) {
        return state == NORMAL ? "UDP" : "ERR!";
    }
}
