package io.lollmsbot.sandbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxLimitsTest {

    @Test
    void theDefaultWallTimeIsTenSecondsWithinTheMaximum() {
        assertEquals(10, SandboxLimits.of(null, 30, 10, 512, 64, 65_536).wallSeconds());
        assertEquals(5, SandboxLimits.of(null, 5, 10, 512, 64, 65_536).wallSeconds());
    }

    @Test
    void aRequestedWallTimeIsClampedToOneToTheMaximum() {
        assertEquals(2, SandboxLimits.of(2, 30, 10, 512, 64, 65_536).wallSeconds());
        assertEquals(30, SandboxLimits.of(3_600, 30, 10, 512, 64, 65_536).wallSeconds());
        assertEquals(1, SandboxLimits.of(0, 30, 10, 512, 64, 65_536).wallSeconds());
    }

    @Test
    void cpuTimeNeverExceedsWallTime() {
        assertEquals(2, SandboxLimits.of(2, 30, 10, 512, 64, 65_536).cpuSeconds());
        assertEquals(10, SandboxLimits.of(20, 30, 10, 512, 64, 65_536).cpuSeconds());
    }

    @Test
    void memoryAndFileSizesAreMebibytes() {
        SandboxLimits limits = SandboxLimits.of(null, 30, 10, 512, 64, 65_536);
        assertEquals(536_870_912L, limits.memoryBytes());
        assertEquals(67_108_864L, limits.fileBytes());
        assertEquals(65_536, limits.outputBytes());
        assertEquals(
                65_536L * 1024 * 1024,
                SandboxLimits.of(null, 30, 10, 65_536, 1, 1_024).memoryBytes(),
                "no int overflow");
    }

    @Test
    void prlimitSetsEveryKernelLimitThenExecs() {
        assertEquals(
                List.of("/usr/bin/prlimit", "--cpu=2", "--as=536870912", "--fsize=67108864", "--core=0", "--"),
                SandboxLimits.of(2, 30, 10, 512, 64, 65_536).prlimitPrefix());
    }
}
