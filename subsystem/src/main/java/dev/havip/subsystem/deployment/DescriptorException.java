package dev.havip.subsystem.deployment;

/** A deployment's {@code ha-vip.xml} is wrong; the message names the file, the line and the problem. */
public final class DescriptorException extends Exception {

    private static final long serialVersionUID = 1L;

    public DescriptorException(String message) {
        super(message);
    }
}
