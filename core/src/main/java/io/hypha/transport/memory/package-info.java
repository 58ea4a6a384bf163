/**
 * An in-memory transport on Netty's local channels, addressed {@code /memory/<n>} (the multiaddr table's
 * {@code memory} protocol, code 0x0309). Meant for many hosts in one JVM, such as tests, with no sockets.
 */
package io.hypha.transport.memory;
