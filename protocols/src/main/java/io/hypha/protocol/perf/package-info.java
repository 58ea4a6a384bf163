/**
 * Perf: libp2p/specs {@code perf/perf.md} ({@code /perf/1.0.0}). The client writes a u64 big-endian count of
 * bytes it wants back, uploads its bytes and half-closes; the server reads the count, drains to the end of
 * stream, then writes that many bytes and closes.
 *
 * <p>The server is never enabled by default (spec: "MUST NOT be enabled by default"): call
 * {@link io.hypha.protocol.perf.Perf#enableServer}. Both sides are built for throughput: writes are slices of one
 * shared, unreleasable zeroed buffer (no allocation, no reference-count traffic), issued only while the stream is
 * writable (the yamux window is the back-pressure), and received bytes are counted, never copied.
 *
 * <p>Deliberate deviation: the server caps what one request may ask for at
 * {@link io.hypha.protocol.perf.PerfConfig#maxResponseBytes()} (default
 * {@value io.hypha.protocol.perf.PerfConfig#DEFAULT_MAX_RESPONSE_BYTES} bytes); a larger request is reset.
 */
package io.hypha.protocol.perf;
