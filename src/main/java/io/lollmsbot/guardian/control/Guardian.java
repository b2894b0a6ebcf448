package io.lollmsbot.guardian.control;

import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The Guardian pillar: screens what users send and redacts secrets from what they and the model would see.
 * Read-locked (the engine is immutable); thresholds are settings read at every call, and the engine is rebuilt
 * only when they change.
 */
@Singleton
@Lock(LockType.READ)
public class Guardian {

    static final String FLAG_THRESHOLD = "lollmsbot.guardian.flag-threshold";
    static final String BLOCK_THRESHOLD = "lollmsbot.guardian.block-threshold";

    @Inject
    Config config;

    private record Tuned(double flag, double block, GuardianEngine engine) {
    }

    private final AtomicReference<Tuned> current = new AtomicReference<>();

    public ScanResult screenInput(String text) {
        return engine().scanInput(text);
    }

    public Redaction redact(String text) {
        return engine().redact(text);
    }

    private GuardianEngine engine() {
        double flag = config.getOptionalValue(FLAG_THRESHOLD, Double.class).orElse(GuardianEngine.DEFAULT_FLAG_THRESHOLD);
        double block = config.getOptionalValue(BLOCK_THRESHOLD, Double.class).orElse(GuardianEngine.DEFAULT_BLOCK_THRESHOLD);
        Tuned tuned = current.get();
        if (tuned == null || tuned.flag() != flag || tuned.block() != block) {
            tuned = new Tuned(flag, block, new GuardianEngine(flag, block));
            current.set(tuned);
        }
        return tuned.engine();
    }
}
