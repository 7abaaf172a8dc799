package io.jlvs.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Address family of a virtual service, real server or connection (AF_INET / AF_INET6). */
public enum Family {
    @JsonProperty("inet")
    INET,
    @JsonProperty("inet6")
    INET6
}
