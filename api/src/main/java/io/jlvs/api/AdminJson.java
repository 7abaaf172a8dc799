package io.jlvs.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON mapping both ends of the admin API use. */
public final class AdminJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // A request naming a field the daemon does not know is a mistake (a typo, or a client
            // newer than the daemon); refusing it beats silently ignoring part of a change.
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // One message is one line: no pretty printing, and the stream stays open for the
            // newline that ends the message.
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private AdminJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
