/** TCP on Netty: native epoll where it is available, NIO elsewhere; {@code TCP_NODELAY} always. */
package io.hypha.transport.tcp;
