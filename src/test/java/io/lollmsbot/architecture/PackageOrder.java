package io.lollmsbot.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Optional;

/**
 * The dependency order of the packages under a root: each top-level package is a layer that may use its own classes
 * and the layers listed before it, never one listed after it. Inside and across packages, the Boundary-Control-Entity
 * tiers point the same way: an entity uses no control or boundary class, a control class no boundary class. A
 * top-level package that is not in the list fails too, so a new package is placed in the order on purpose.
 */
record PackageOrder(String root, List<String> layers) {

    private static final List<String> TIERS = List.of("entity", "control", "boundary");

    ArchRule importsPointDown() {
        return classes()
                .that()
                .resideInAPackage(root + "..")
                .should(
                        new ArchCondition<>("depend only on their own layer or one below it, in the order "
                                + String.join(" < ", layers)) {
                            @Override
                            public void check(JavaClass source, ConditionEvents events) {
                                int own = layerOf(source);
                                if (own < 0) {
                                    events.add(SimpleConditionEvent.violated(
                                            source,
                                            source.getName() + " is in no layer of " + layers
                                                    + "; add its package to the order"));
                                    return;
                                }
                                for (Dependency dependency : source.getDirectDependenciesFromSelf()) {
                                    JavaClass target =
                                            dependency.getTargetClass().getBaseComponentType();
                                    int used = layerOf(target);
                                    if (used > own) {
                                        events.add(SimpleConditionEvent.violated(
                                                dependency,
                                                layers.get(own) + " uses " + layers.get(used) + " (a layer above it): "
                                                        + dependency.getDescription()));
                                    }
                                }
                            }
                        });
    }

    ArchRule tiersPointDown() {
        return classes()
                .that()
                .resideInAPackage(root + "..")
                .should(new ArchCondition<>("depend on no class of a higher tier (entity < control < boundary)") {
                    @Override
                    public void check(JavaClass source, ConditionEvents events) {
                        Optional<Integer> own = tierOf(source);
                        if (own.isEmpty()) {
                            return;
                        }
                        for (Dependency dependency : source.getDirectDependenciesFromSelf()) {
                            JavaClass target = dependency.getTargetClass().getBaseComponentType();
                            tierOf(target)
                                    .filter(used -> used > own.get())
                                    .ifPresent(used -> events.add(SimpleConditionEvent.violated(
                                            dependency,
                                            TIERS.get(own.get()) + " uses " + TIERS.get(used) + ": "
                                                    + dependency.getDescription())));
                        }
                    }
                });
    }

    /** The index of the class's top-level package in the order; -1 outside the root or in no listed layer. */
    private int layerOf(JavaClass type) {
        String name = type.getPackageName();
        if (!name.startsWith(root + ".")) {
            return -1;
        }
        String rest = name.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return layers.indexOf(dot < 0 ? rest : rest.substring(0, dot));
    }

    private Optional<Integer> tierOf(JavaClass type) {
        if (!type.getPackageName().startsWith(root + ".")) {
            return Optional.empty();
        }
        List<String> segments = List.of(type.getPackageName().split("\\."));
        return TIERS.stream().filter(segments::contains).findFirst().map(TIERS::indexOf);
    }
}
