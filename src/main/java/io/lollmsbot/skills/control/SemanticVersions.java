package io.lollmsbot.skills.control;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The semantic version of a new skill version, derived from what changed, so callers can tell a compatible change
 * from a breaking one: <b>major</b> when inputs that worked may now be refused or mean something else (a parameter
 * removed, retyped, newly required, or its pattern or permitted values changed; the kind changed), <b>minor</b> when
 * behaviour changed compatibly (an optional parameter added, a default, the template or steps changed), <b>patch</b>
 * otherwise (description, enabled, roles).
 */
final class SemanticVersions {

    static final String FIRST = "1.0.0";

    private SemanticVersions() {}

    static String next(String current, Skill before, Skill after) {
        String[] parts = current.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = Integer.parseInt(parts[1]);
        int patch = Integer.parseInt(parts[2]);
        if (breaking(before, after)) {
            return (major + 1) + ".0.0";
        }
        if (behaviourChanged(before, after)) {
            return major + "." + (minor + 1) + ".0";
        }
        return major + "." + minor + "." + (patch + 1);
    }

    private static boolean breaking(Skill before, Skill after) {
        if (before.kind() != after.kind()) {
            return true;
        }
        Map<String, Skill.Parameter> added = byName(after);
        for (Skill.Parameter old : before.parameters()) {
            Skill.Parameter now = added.remove(old.name());
            if (now == null
                    || !now.type().equals(old.type())
                    || now.required() && !old.required()
                    || !Objects.equals(now.pattern(), old.pattern())
                    || !now.allowed().equals(old.allowed())) {
                return true;
            }
        }
        return added.values().stream().anyMatch(Skill.Parameter::required);
    }

    private static boolean behaviourChanged(Skill before, Skill after) {
        return before.parameters().size() != after.parameters().size()
                || !Objects.equals(before.template(), after.template())
                || !before.steps().equals(after.steps())
                || before.parameters().stream()
                        .anyMatch(p -> !Objects.equals(
                                p.defaultValue(), byName(after).get(p.name()).defaultValue()));
    }

    private static Map<String, Skill.Parameter> byName(Skill skill) {
        return skill.parameters().stream()
                .collect(Collectors.toMap(Skill.Parameter::name, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }
}
