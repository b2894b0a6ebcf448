package io.lollmsbot.soul.entity;

import java.util.List;

/**
 * The persona the Soul renders into the system prompt. Free-text parts keep their Markdown; list parts are one entry
 * per bullet; sections the format does not know are kept, in order, under their own heading.
 *
 * @param name               the first {@code # } heading
 * @param introduction       text between the name and the first section (may be empty)
 * @param purpose            what the assistant is for (required)
 * @param traits             personality traits
 * @param values             values, each with an optional priority from 1 (least) to 10 (most important)
 * @param communicationStyle how it speaks (may be empty)
 * @param expertise          what it knows well
 * @param boundaries         what it never does
 * @param otherSections      any other {@code ## } sections
 */
public record Persona(
        String name,
        String introduction,
        String purpose,
        List<Trait> traits,
        List<Value> values,
        String communicationStyle,
        List<String> expertise,
        List<String> boundaries,
        List<Section> otherSections) {

    public Persona {
        traits = List.copyOf(traits);
        values = List.copyOf(values);
        expertise = List.copyOf(expertise);
        boundaries = List.copyOf(boundaries);
        otherSections = List.copyOf(otherSections);
    }

    /** A trait: a name and what it means in practice (empty when not given). */
    public record Trait(String name, String description) {}

    /** A value statement and its priority (null when the author gave none). */
    public record Value(String statement, Integer priority) {}

    public record Section(String heading, String body) {}
}
