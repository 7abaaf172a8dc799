package io.jlvs.core.drain;

/** What a {@link Drainer} asks its worker to do to a flow; the worker builds and sends the segments. */
public interface FlowActions {
    /**
     * Closes TCP flow {@code id} towards the real server: a FIN|ACK as if from the client, at the
     * client's next sequence number, acknowledging all the server sent; the flow's sequence delta
     * then grows by the one number that FIN took. Returns false if nothing could be sent.
     */
    boolean closeToServer(int id, long now);

    /**
     * Resets flow {@code id} to both ends with exact sequence numbers (for TCP; a UDP flow is just
     * forgotten) and removes it.
     */
    void resetBoth(int id, long now);

    /** Removes flow {@code id} without a word to either end. */
    void forget(int id);
}
