package io.hypha.node.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hypha.resource.ConnectionManagerConfig;
import io.hypha.resource.Limit;
import io.hypha.resource.ResourceLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SwarmConfigTest {
    private static SwarmConfig parse(String json) throws Exception {
        return new ObjectMapper().readValue(json, SwarmConfig.class);
    }

    @Test
    void absentOrEmptyMeansTheDefaults() throws Exception {
        SwarmConfig empty = parse("{}");
        assertEquals(ConnectionManagerConfig.DEFAULT, empty.connMgr().toConfig());
        assertEquals(ResourceLimits.defaults(), empty.resourceLimits());
        assertEquals(ConnectionManagerConfig.DEFAULT, parse("{\"ConnMgr\": {}, \"ResourceMgr\": {}}").connMgr().toConfig());
    }

    @Test
    void kubosConnMgrAndResourceMgrKeys() throws Exception {
        SwarmConfig c = parse("""
                {"ConnMgr": {"Type": "basic", "LowWater": 10, "HighWater": 20, "GracePeriod": "1m30s"},
                 "ResourceMgr": {"MaxMemory": "512MiB", "MaxFileDescriptors": 4096}}""");
        assertEquals(new ConnectionManagerConfig(10, 20, Duration.ofSeconds(90)), c.connMgr().toConfig());
        assertEquals(ResourceLimits.forMemory(512L << 20).withinDirectMemory(), c.resourceLimits());
        assertEquals(Integer.MAX_VALUE, parse("{\"ConnMgr\": {\"Type\": \"none\"}}").connMgr().toConfig().highWater());
        assertEquals(ResourceLimits.unlimited(), parse("{\"ResourceMgr\": {\"Enabled\": false}}").resourceLimits());
    }

    @Test
    void eachLimitCanBeSetByItsKey() throws Exception {
        ResourceLimits l = parse("""
                {"ResourceMgr": {"MaxMemory": "256MiB", "MaxMemoryPerConnection": "4MiB", "MaxConnsPerIP": 3,
                 "MaxStreamsPerProtocol": "100", "StreamOpenRate": 10, "LimitLoopback": true}}""").resourceLimits();
        assertEquals(256L << 20, l.memory());
        assertEquals(4L << 20, l.memoryPerConnection());
        assertEquals(3, l.connectionsPerIp());
        assertEquals(100, l.streamsPerProtocol());
        assertEquals(10, l.streamOpenRate().perSecond());
        assertTrue(l.limitLoopback());
        for (Limit limit : Limit.values()) {
            String value = limit.name().startsWith("MEMORY") ? "\"3MiB\"" : "3";
            ResourceLimits one = parse("{\"ResourceMgr\": {\"" + limit.configKey() + "\": " + value + "}}").resourceLimits();
            assertEquals(limit.name().startsWith("MEMORY") ? 3L << 20 : limit.name().endsWith("_RATE") ? 9 : 3,
                    one.valueOf(limit), limit.configKey());
        }
    }

    @Test
    void badValuesNameTheKey() throws Exception {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> parse("{\"ResourceMgr\": {\"MaxConns\": 5}}").resourceLimits());
        assertTrue(unknown.getMessage().contains("Swarm.ResourceMgr.MaxConns") && unknown.getMessage().contains("MaxConnsInbound"),
                unknown.getMessage());
        for (String bad : new String[] {"{\"ResourceMgr\": {\"MaxMemory\": \"lots\"}}",
                "{\"ResourceMgr\": {\"MaxConnsPerIP\": -1}}", "{\"ResourceMgr\": {\"MaxConnsPerIP\": \"x\"}}",
                "{\"ConnMgr\": {\"GracePeriod\": \"soon\"}}", "{\"ConnMgr\": {\"LowWater\": 50, \"HighWater\": 10}}",
                "{\"ConnMgr\": {\"Type\": \"fancy\"}}"}) {
            SwarmConfig c = parse(bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
                c.resourceLimits();
                c.connMgr().toConfig();
            }, bad);
            assertTrue(e.getMessage().contains("Swarm."), e.getMessage());
        }
    }

    @Test
    void goDurations() {
        assertEquals(Duration.ofSeconds(20), SwarmConfig.parseDuration("20s"));
        assertEquals(Duration.ofMillis(1500), SwarmConfig.parseDuration("1.5s"));
        assertEquals(Duration.ofMinutes(61), SwarmConfig.parseDuration("1h1m"));
        assertEquals(Duration.ofMillis(250), SwarmConfig.parseDuration("250ms"));
        assertEquals(Duration.ZERO, SwarmConfig.parseDuration("0"));
        for (String bad : new String[] {"", "20", "s", "1x", "1s2"}) {
            assertThrows(IllegalArgumentException.class, () -> SwarmConfig.parseDuration(bad), bad);
        }
    }

    @Test
    void aWrittenConfigReadsBackTheSame() throws Exception {
        SwarmConfig c = new SwarmConfig(new SwarmConfig.ConnMgr("basic", 1, 2, "3s"), Map.of("MaxMemory", "1GiB"));
        ObjectMapper json = new ObjectMapper();
        SwarmConfig back = json.readValue(json.writeValueAsString(c), SwarmConfig.class);
        assertEquals(c.connMgr(), back.connMgr());
        assertEquals(c.resourceLimits(), back.resourceLimits());
        assertFalse(json.writeValueAsString(SwarmConfig.DEFAULTS).contains("null"));
    }
}
