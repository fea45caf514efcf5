package dev.havip.movers;

/** A native command that moves a VIP failed; the message says which command and why (exit status, stderr, timeout). */
public class MoverException extends Exception {

    private static final long serialVersionUID = 1L;

    public MoverException(String message) {
        super(message);
    }

    public MoverException(String message, Throwable cause) {
        super(message, cause);
    }
}
