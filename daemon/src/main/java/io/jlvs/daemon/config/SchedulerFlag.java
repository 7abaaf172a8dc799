package io.jlvs.daemon.config;

/** Scheduler flags ({@code ipvsadm -b}); sh-* only mean something to sh, mh-* only to mh. */
public enum SchedulerFlag {
    FLAG_1("flag-1"),
    FLAG_2("flag-2"),
    FLAG_3("flag-3"),
    SH_PORT("sh-port"),
    SH_FALLBACK("sh-fallback"),
    MH_PORT("mh-port"),
    MH_FALLBACK("mh-fallback");

    private final String keyword;

    SchedulerFlag(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    static SchedulerFlag fromKeyword(String word) {
        for (SchedulerFlag f : values()) {
            if (f.keyword.equals(word)) {
                return f;
            }
        }
        return null;
    }
}
