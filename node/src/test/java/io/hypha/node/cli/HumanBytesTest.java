package io.hypha.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** go-humanize's {@code Bytes}, as Kubo's {@code stats bw} and {@code repo stat -H} print sizes. */
class HumanBytesTest {
    @Test
    void siUnitsRoundedAsGoHumanize() {
        assertEquals("0 B", HumanBytes.format(0));
        assertEquals("9 B", HumanBytes.format(9));
        assertEquals("10 B", HumanBytes.format(10));
        assertEquals("1.2 kB", HumanBytes.format(1234));
        assertEquals("10 kB", HumanBytes.format(9960), "9.96 rounds to 10.0, printed without a decimal");
        assertEquals("34 MB", HumanBytes.format(34_000_000));
        assertEquals("1.0 GB", HumanBytes.format(1_000_000_000));
    }
}
