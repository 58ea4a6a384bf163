package io.hypha.node.unixfs;

/**
 * Progress callbacks of an import, called on the importing thread (keep them quick). Both methods default to
 * doing nothing.
 */
public interface ImportListener {
    /** A listener that ignores everything. */
    ImportListener NONE = new ImportListener() {};

    /** {@code bytes} more file bytes were read (called once per chunk), for a progress bar. */
    default void bytesRead(long bytes) {}

    /** An entry was completed; children come before their directory and the root comes last. */
    default void entryImported(ImportedEntry entry) {}
}
