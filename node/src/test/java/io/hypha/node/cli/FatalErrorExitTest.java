package io.hypha.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.host.Connection;
import io.hypha.host.Host;
import io.hypha.host.ProtocolId;
import io.hypha.host.Stream;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.node.Node;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The daemon's fatal-error policy in a process of its own: an out-of-memory error on an event loop ends the
 * process with {@link DaemonCommand#FATAL_EXIT_STATUS} (for a supervisor to restart it) instead of leaving a
 * half-dead node running.
 */
class FatalErrorExitTest {
    static final ProtocolId OOM = ProtocolId.of("/test/oom/1.0.0");

    /** A node with the daemon's policy and a protocol whose handler runs out of memory on its first byte. */
    public static final class Victim {
        public static void main(String[] args) throws Exception {
            Node node = Node.builder().listen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
                    .fatalErrorHandler(DaemonCommand::exitOnFatalError).start().get(30, TimeUnit.SECONDS);
            node.host().setStreamHandler(OOM, stream -> stream.channel().pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg);
                    throw new OutOfMemoryError("simulated: Java heap space");
                }
            }));
            System.out.println("ADDR " + node.host().listenAddresses().get(0).withPeerId(node.peerId()));
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void theProcessExitsForItsSupervisorToRestartIt() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Victim.class.getName()).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String address = null;
            for (String line; address == null && (line = out.readLine()) != null; ) {
                lines.add(line);
                if (line.startsWith("ADDR ")) {
                    address = line.substring(5);
                }
            }
            assertTrue(address != null, "the victim did not start: " + lines);
            try (Host peer = Host.builder().start().get(30, TimeUnit.SECONDS)) {
                Connection c = peer.connect(Multiaddr.parse(address)).get(30, TimeUnit.SECONDS);
                Stream s = c.newStream(stream -> stream, OOM).get(30, TimeUnit.SECONDS);
                s.channel().writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1}));
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the process kept running after a fatal error");
            }
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
            }
            assertEquals(DaemonCommand.FATAL_EXIT_STATUS, p.exitValue(), String.join("\n", lines));
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("Error: fatal java.lang.OutOfMemoryError")), String.join("\n", lines));
        } finally {
            p.destroyForcibly();
        }
    }
}
