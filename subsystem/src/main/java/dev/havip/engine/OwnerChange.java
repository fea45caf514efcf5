package dev.havip.engine;

/** The owner of a VIP changed in this node's view (null: nobody, e.g. between the release and the next assignment). */
public record OwnerChange(String vip, String from, String to) {
}
