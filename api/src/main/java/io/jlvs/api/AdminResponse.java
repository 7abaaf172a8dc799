package io.jlvs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * One response. Success carries the operation's result; failure carries the message ipvsadm
 * prints for that case and the exit code it exits with, so {@code jlvsadm} reports exactly what
 * ipvsadm would.
 *
 * @param failedIndex for a failed {@link AdminOp#RESTORE}: the index of the command that failed
 */
public record AdminResponse(boolean ok, JsonNode result, String error, int exitCode, Integer failedIndex) {
    public AdminResponse {
        if (result == null) {
            result = NullNode.getInstance();
        }
        if (ok && (error != null || exitCode != 0)) {
            throw new IllegalArgumentException("a successful response has no error");
        }
        if (!ok && (error == null || exitCode == 0)) {
            throw new IllegalArgumentException("a failed response has a message and a non-zero exit code");
        }
    }

    public static AdminResponse success(JsonNode result) {
        return new AdminResponse(true, result, null, 0, null);
    }

    public static AdminResponse failure(String error, int exitCode) {
        return new AdminResponse(false, null, error, exitCode, null);
    }

    public static AdminResponse failure(String error, int exitCode, int failedIndex) {
        return new AdminResponse(false, null, error, exitCode, failedIndex);
    }
}
