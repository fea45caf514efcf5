package dev.havip.cluster;

/** The subsystem's {@code quorum} rule: when may a node hold VIPs at all. */
public enum Quorum {
    NONE("none"), MAJORITY("majority"), TIE_BREAKER("tie-breaker"), WITNESS("witness");

    private final String value;

    Quorum(String value) {
        this.value = value;
    }

    public static Quorum of(String value) {
        for (Quorum quorum : values()) {
            if (quorum.value.equals(value)) {
                return quorum;
            }
        }
        throw new IllegalArgumentException("unknown quorum '" + value + "'");
    }

    @Override
    public String toString() {
        return this.value;
    }
}
