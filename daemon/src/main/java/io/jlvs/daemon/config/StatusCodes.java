package io.jlvs.daemon.config;

import java.util.List;

/**
 * HTTP status codes a {@code url} accepts ({@code status_code 200-299 400-499 503}); keepalived's
 * default is 200-299 and its valid codes are 100..599.
 */
public record StatusCodes(List<Range> ranges) {

    /** One code or an inclusive range. */
    public record Range(int from, int to) {
        @Override
        public String toString() {
            return from == to ? Integer.toString(from) : from + "-" + to;
        }
    }

    public static final StatusCodes DEFAULT = new StatusCodes(List.of(new Range(200, 299)));

    public StatusCodes {
        ranges = List.copyOf(ranges);
    }

    public boolean accepts(int code) {
        for (Range r : ranges) {
            if (code >= r.from && code <= r.to) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Range r : ranges) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(r);
        }
        return sb.toString();
    }
}
