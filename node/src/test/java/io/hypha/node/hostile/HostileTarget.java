package io.hypha.node.hostile;

import io.hypha.node.cli.HyphaCli;
import io.netty.util.internal.PlatformDependent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The attacked process of the hostile-peer suite: {@code hypha daemon} itself ({@link HyphaCli#main}, every
 * argument passed on), plus a thread that answers {@code stats} on stdin with one line
 * {@code STATS heap=<bytes used after a full GC> direct=<bytes> nettyDirect=<bytes or -1> rss=<bytes>
 * loops=<live event-loop threads>}, so the test can watch the memory the attacks make it hold.
 */
public final class HostileTarget {
    private HostileTarget() {}

    public static void main(String[] args) {
        Thread stats = new Thread(HostileTarget::answerStats, "hostile-stats");
        stats.setDaemon(true);
        stats.start();
        HyphaCli.main(args);
    }

    private static void answerStats() {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.strip().equals("stats")) {
                    System.out.println(stats());
                    System.out.flush();
                }
            }
        } catch (IOException ignored) {
            // the test went away
        }
    }

    static String stats() {
        System.gc();
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        long direct = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                direct = pool.getMemoryUsed();
            }
        }
        long loops = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("hypha-io") && t.isAlive()).count();
        long netty = Math.max(PlatformDependent.usedDirectMemory(), allocatorDirect());
        return "STATS heap=" + heap + " direct=" + direct + " nettyDirect=" + netty
                + " rss=" + rss() + " loops=" + loops;
    }

    /** Direct memory held by Netty's default allocator (its own metric: not every allocator is in the JVM's pool). */
    private static long allocatorDirect() {
        return io.netty.buffer.ByteBufAllocator.DEFAULT instanceof io.netty.buffer.ByteBufAllocatorMetricProvider p
                ? p.metric().usedDirectMemory() : -1;
    }

    private static long rss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
