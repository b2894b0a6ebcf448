package io.lollmsbot.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.EvaluationResult;
import io.lollmsbot.architecture.fixture.high.boundary.HighResource;
import io.lollmsbot.architecture.fixture.low.control.LowService;
import io.lollmsbot.architecture.fixture.low.entity.LowRecord;
import io.lollmsbot.common.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the dependency order of docs/architecture.md: every import of the application points down. */
class ArchitectureTest {

    /**
     * Bottom first. {@code common} (problem documents, request ids, CORS, role names) imports nothing of the
     * application; {@code audit} sits right above it so every pillar can record events.
     */
    static final List<String> LAYERS = List.of(
            "common",
            "audit",
            "config",
            "ratelimit",
            "identity",
            "guardian",
            "soul",
            "llm",
            "sandbox",
            "platform",
            "tools",
            "memory",
            "skills",
            "heartbeat",
            "chat",
            "channels");

    private static final PackageOrder APPLICATION = new PackageOrder("io.lollmsbot", LAYERS);

    /** The application's compiled classes only (scanning the whole class path would open every jar). */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .importLocations(List.of(Location.of(
                    Problem.class.getProtectionDomain().getCodeSource().getLocation())));

    @Test
    void packagesImportOnlyPackagesBelowThem() {
        APPLICATION.importsPointDown().check(MAIN);
    }

    @Test
    void boundaryUsesControlUsesEntityNeverTheOtherWay() {
        APPLICATION.tiersPointDown().check(MAIN);
    }

    @Test
    void theRulesFailOnAnImportThatPointsUp() {
        PackageOrder fixtureOrder = new PackageOrder("io.lollmsbot.architecture.fixture", List.of("low", "high"));
        JavaClasses fixtures =
                new ClassFileImporter().importClasses(LowService.class, LowRecord.class, HighResource.class);

        EvaluationResult layers = fixtureOrder.importsPointDown().evaluate(fixtures);
        EvaluationResult tiers = fixtureOrder.tiersPointDown().evaluate(fixtures);

        assertEquals(List.of("low uses high (a layer above it)"), kinds(layers));
        assertEquals(List.of("control uses boundary", "entity uses control"), kinds(tiers));
    }

    @Test
    void aPackageOutsideTheOrderFails() {
        PackageOrder withoutHigh = new PackageOrder("io.lollmsbot.architecture.fixture", List.of("low"));
        EvaluationResult result =
                withoutHigh.importsPointDown().evaluate(new ClassFileImporter().importClasses(HighResource.class));

        assertEquals(1, result.getFailureReport().getDetails().size());
        assertTrue(result.getFailureReport().getDetails().get(0).contains("is in no layer"));
    }

    /** What each violation is, without where: "low uses high (a layer above it)", "entity uses control". */
    private static List<String> kinds(EvaluationResult result) {
        return result.getFailureReport().getDetails().stream()
                .map(line -> line.substring(0, line.indexOf(':')))
                .distinct()
                .sorted()
                .toList();
    }
}
