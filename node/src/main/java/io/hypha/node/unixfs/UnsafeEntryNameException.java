package io.hypha.node.unixfs;

/**
 * A directory in a DAG names an entry that could escape the target directory or is not a file name at all
 * (empty, {@code .}, {@code ..}, containing {@code /} or NUL), or names one entry twice. Nothing is written for
 * it: a malicious DAG cannot make {@link Exporter#get} write outside its target.
 */
public class UnsafeEntryNameException extends UnixfsException {
    private static final long serialVersionUID = 1L;

    public UnsafeEntryNameException(String message) {
        super(message);
    }
}
