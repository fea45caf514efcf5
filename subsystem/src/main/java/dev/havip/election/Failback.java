package dev.havip.election;

/** The {@code failback} attribute of a virtual IP. */
public enum Failback {
    /** The preferred member takes the VIP back once it is ready and failback-delay has passed. */
    AUTO,
    /** The current holder keeps the VIP until it fails or an operator moves it. */
    MANUAL
}
