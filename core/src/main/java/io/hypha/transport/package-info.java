/**
 * Transports: how raw connections to peers are made ({@link io.hypha.transport.Transport}), with TCP in
 * {@code io.hypha.transport.tcp}. Security and multiplexing are layered on by the host.
 */
package io.hypha.transport;
