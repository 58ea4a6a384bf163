package io.hypha.node.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LoggingTest {
    /** java.util.logging holds loggers weakly: the level set for HYPHA_LOG must survive a garbage collection. */
    @Test
    void theConfiguredLevelSurvivesGarbageCollection() {
        Logging.configure();
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        assertNotNull(Logger.getLogger("io.hypha").getLevel(), "the io.hypha level was forgotten");
    }
}
