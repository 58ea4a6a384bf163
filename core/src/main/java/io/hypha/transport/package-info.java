/**
 * Transports: how raw connections to peers are made ({@link io.hypha.transport.Transport}), with TCP in
 * {@code io.hypha.transport.tcp} and in-JVM connections in {@code io.hypha.transport.memory}. Security and
 * multiplexing are layered on by the host, the same over every transport.
 */
package io.hypha.transport;
