package io.lollmsbot.skills.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lollmsbot.tools.control.JsonSchemas;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class SemanticVersionsTest {

    private final SkillJson skills = new SkillJson(new JsonSchemas());

    private Skill skill(String parameters, String template, String extra) {
        return skills.read(
                SkillJsonTest.json("{\"name\":\"s\",\"description\":\"d\",\"kind\":\"prompt\",\"parameters\":["
                        + parameters + "],\"template\":\"" + template + "\"" + extra + "}"),
                "",
                new ArrayList<>());
    }

    private final Skill base = skill("{\"name\":\"a\",\"type\":\"string\",\"required\":true}", "x {{a}}", "");

    @Test
    void descriptiveChangesArePatches() {
        assertEquals(
                "1.2.4",
                SemanticVersions.next(
                        "1.2.3",
                        base,
                        skill(
                                "{\"name\":\"a\",\"type\":\"string\",\"required\":true," + "\"description\":\"the a\"}",
                                "x {{a}}",
                                ",\"enabled\":false,\"allowedRoles\":[\"user\"]")));
    }

    @Test
    void compatibleChangesAreMinor() {
        assertEquals(
                "1.3.0",
                SemanticVersions.next(
                        "1.2.3", base, skill("{\"name\":\"a\",\"type\":\"string\",\"required\":true}", "y {{a}}", "")));
        assertEquals(
                "1.3.0",
                SemanticVersions.next(
                        "1.2.3",
                        base,
                        skill(
                                "{\"name\":\"a\",\"type\":\"string\",\"required\":true},"
                                        + "{\"name\":\"b\",\"type\":\"integer\"}",
                                "x {{a}}",
                                "")));
    }

    @Test
    void changesThatRefuseOldInputsAreMajor() {
        assertEquals(
                "2.0.0",
                SemanticVersions.next(
                        "1.2.3",
                        base,
                        skill("{\"name\":\"a\",\"type\":\"integer\",\"required\":true}", "x {{a}}", "")));
        assertEquals(
                "2.0.0",
                SemanticVersions.next(
                        "1.2.3",
                        base,
                        skill(
                                "{\"name\":\"a\",\"type\":\"string\",\"required\":true},"
                                        + "{\"name\":\"b\",\"type\":\"integer\",\"required\":true}",
                                "x {{a}}",
                                "")));
        assertEquals(
                "2.0.0",
                SemanticVersions.next(
                        "1.2.3",
                        base,
                        skill(
                                "{\"name\":\"a\",\"type\":\"string\",\"required\":true," + "\"pattern\":\"^[a-z]+$\"}",
                                "x {{a}}",
                                "")));
        assertEquals("2.0.0", SemanticVersions.next("1.2.3", base, skill("", "x", "")));
    }
}
