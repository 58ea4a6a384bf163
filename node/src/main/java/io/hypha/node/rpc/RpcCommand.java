package io.hypha.node.rpc;

import java.util.concurrent.CompletableFuture;

/** One endpoint: a request in, a future answer out. Argument errors may be thrown as {@link RpcException}. */
@FunctionalInterface
interface RpcCommand {
    CompletableFuture<RpcReply> run(RpcRequest request);
}
