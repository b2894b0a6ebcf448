package io.lollmsbot.soul.control;

import io.lollmsbot.soul.entity.Persona;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the persona Markdown. The format: a {@code # Name} heading first, an optional introduction, then
 * {@code ## } sections. Purpose (required) and Communication style are free text; Traits ({@code - Name: what it
 * means}), Values ({@code - statement (priority 1-10)}), Expertise and Boundaries are bullet lists, whose items may
 * continue on indented lines. Other sections are kept as they are. Section names are matched without regard to case,
 * and {@code ## } lines inside code fences are text. {@link #render} writes the canonical form:
 * {@code parse(render(p))} equals {@code p}, and rendering a parsed canonical document gives it back unchanged.
 */
public final class PersonaMarkdown {

    public static final int MAX_CHARS = 20_000;
    public static final int MAX_NAME_CHARS = 100;

    private static final Pattern NAME = Pattern.compile("# +(.*?)(?:\\s+#+)?\\s*");
    private static final Pattern SECTION = Pattern.compile("## +(.*?)(?:\\s+#+)?\\s*");
    private static final Pattern TOP_HEADING = Pattern.compile("# .*|#");
    private static final Pattern FENCE = Pattern.compile(" {0,3}(```|~~~).*");
    private static final Pattern BULLET = Pattern.compile(" {0,3}[-*+] +(.*)");
    private static final Pattern CONTINUATION = Pattern.compile(" {2,}\\S.*|\\t.*");
    private static final Pattern PRIORITY =
            Pattern.compile("(?s)(.*?)\\s*\\(priority:? *(-?\\d{1,9})\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BOLD = Pattern.compile("\\*\\*(.+)\\*\\*");

    enum Kind {
        PURPOSE("Purpose"),
        TRAITS("Traits"),
        VALUES("Values"),
        COMMUNICATION_STYLE("Communication style"),
        EXPERTISE("Expertise"),
        BOUNDARIES("Boundaries");

        final String heading;

        Kind(String heading) {
            this.heading = heading;
        }

        static Optional<Kind> of(String heading) {
            return switch (heading.toLowerCase(Locale.ROOT)) {
                case "purpose" -> Optional.of(PURPOSE);
                case "traits", "personality", "personality traits" -> Optional.of(TRAITS);
                case "values", "core values" -> Optional.of(VALUES);
                case "communication style", "communication", "style" -> Optional.of(COMMUNICATION_STYLE);
                case "expertise" -> Optional.of(EXPERTISE);
                case "boundaries" -> Optional.of(BOUNDARIES);
                default -> Optional.empty();
            };
        }
    }

    /** The lines of one section and the line number (1-based) of its heading. */
    private record Block(String heading, int line, List<String> lines) {}

    private PersonaMarkdown() {}

    public static Persona parse(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            throw new InvalidPersonaException(
                    "The persona is empty: start with a '# Name' heading followed by a '## Purpose' section.");
        }
        if (markdown.length() > MAX_CHARS) {
            throw new InvalidPersonaException(
                    "The persona has " + markdown.length() + " characters; at most " + MAX_CHARS + " are allowed.");
        }
        String[] lines = markdown.replace("\uFEFF", "")
                .replace("\r\n", "\n")
                .replace('\r', '\n')
                .split("\n", -1);
        int first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        if (first == lines.length) {
            throw new InvalidPersonaException(
                    "The persona is empty: start with a '# Name' heading followed by a '## Purpose' section.");
        }
        Matcher name = NAME.matcher(lines[first]);
        if (!name.matches() || name.group(1).isEmpty()) {
            throw new InvalidPersonaException(
                    "Line " + (first + 1) + ": the persona must start with its name as a '# Name' heading.");
        }
        if (name.group(1).length() > MAX_NAME_CHARS) {
            throw new InvalidPersonaException("The name has " + name.group(1).length() + " characters; at most "
                    + MAX_NAME_CHARS + " are allowed.");
        }
        Block introduction = new Block("", first + 1, new ArrayList<>());
        List<Block> sections = new ArrayList<>();
        Block current = introduction;
        int fenceLine = -1;
        for (int i = first + 1; i < lines.length; i++) {
            String line = lines[i];
            boolean inFence = fenceLine >= 0;
            if (FENCE.matcher(line).matches()) {
                fenceLine = inFence ? -1 : i;
            } else if (!inFence && TOP_HEADING.matcher(line).matches()) {
                throw new InvalidPersonaException(
                        "Line " + (i + 1) + ": only the name may be a '# ' heading; use '## ' for sections.");
            } else if (!inFence) {
                Matcher section = SECTION.matcher(line);
                if (section.matches()) {
                    if (section.group(1).isEmpty()) {
                        throw new InvalidPersonaException(
                                "Line " + (i + 1) + ": a '## ' section heading needs a name.");
                    }
                    current = new Block(section.group(1), i + 1, new ArrayList<>());
                    sections.add(current);
                    continue;
                }
            }
            current.lines().add(line);
        }
        if (fenceLine >= 0) {
            throw new InvalidPersonaException("Line " + (fenceLine + 1) + ": this code fence is never closed.");
        }
        return assemble(name.group(1), text(introduction.lines()), sections);
    }

    private static Persona assemble(String name, String introduction, List<Block> sections) {
        Map<Kind, Block> known = new LinkedHashMap<>();
        List<Persona.Section> others = new ArrayList<>();
        for (Block block : sections) {
            Optional<Kind> kind = Kind.of(block.heading());
            if (kind.isEmpty()) {
                others.add(new Persona.Section(block.heading(), text(block.lines())));
            } else if (known.putIfAbsent(kind.get(), block) != null) {
                throw new InvalidPersonaException("Line " + block.line() + ": the section '" + kind.get().heading
                        + "' appears twice; merge the two.");
            }
        }
        String purpose = Optional.ofNullable(known.get(Kind.PURPOSE))
                .map(b -> text(b.lines()))
                .orElse("");
        if (purpose.isEmpty()) {
            throw new InvalidPersonaException(
                    "The persona needs a '## Purpose' section saying what the assistant is for.");
        }
        List<Persona.Trait> traits = new ArrayList<>();
        for (String item : items(known.get(Kind.TRAITS))) {
            traits.add(trait(item, known.get(Kind.TRAITS).line()));
        }
        List<Persona.Value> values = new ArrayList<>();
        for (String item : items(known.get(Kind.VALUES))) {
            values.add(value(item, known.get(Kind.VALUES).line()));
        }
        return new Persona(
                name,
                introduction,
                purpose,
                traits,
                values,
                Optional.ofNullable(known.get(Kind.COMMUNICATION_STYLE))
                        .map(b -> text(b.lines()))
                        .orElse(""),
                items(known.get(Kind.EXPERTISE)),
                items(known.get(Kind.BOUNDARIES)),
                others);
    }

    /** The bullet items of a list section; an indented line continues the item above it. */
    private static List<String> items(Block block) {
        if (block == null) {
            return List.of();
        }
        List<StringBuilder> items = new ArrayList<>();
        for (int i = 0; i < block.lines().size(); i++) {
            String line = block.lines().get(i);
            Matcher bullet = BULLET.matcher(line);
            if (line.isBlank()) {
                continue;
            }
            if (bullet.matches() && !bullet.group(1).isBlank()) {
                items.add(new StringBuilder(bullet.group(1).strip()));
            } else if (!items.isEmpty() && CONTINUATION.matcher(line).matches()) {
                items.get(items.size() - 1).append('\n').append(line.strip());
            } else {
                throw new InvalidPersonaException("Line " + (block.line() + i + 1) + ": the section '" + block.heading()
                        + "' is a list; write each entry as a '- ' item (indent a line to continue the item above).");
            }
        }
        return items.stream().map(StringBuilder::toString).toList();
    }

    private static Persona.Trait trait(String item, int sectionLine) {
        int colon = item.indexOf(':');
        String name = (colon < 0 ? item : item.substring(0, colon)).strip();
        Matcher bold = BOLD.matcher(name);
        String plainName = bold.matches() ? bold.group(1).strip() : name;
        if (plainName.isEmpty()) {
            throw new InvalidPersonaException("The 'Traits' section (line " + sectionLine
                    + ") has an entry without a name; write '- Name: what it means'.");
        }
        return new Persona.Trait(
                plainName, colon < 0 ? "" : item.substring(colon + 1).strip());
    }

    private static Persona.Value value(String item, int sectionLine) {
        Matcher priority = PRIORITY.matcher(item);
        if (!priority.matches()) {
            return new Persona.Value(item, null);
        }
        long level = Long.parseLong(priority.group(2));
        if (level < 1 || level > 10) {
            throw new InvalidPersonaException("The 'Values' section (line " + sectionLine + ") gives priority " + level
                    + " to \"" + abbreviate(priority.group(1)) + "\"; priorities run from 1 to 10 (most important).");
        }
        if (priority.group(1).isBlank()) {
            throw new InvalidPersonaException(
                    "The 'Values' section (line " + sectionLine + ") has a priority without a statement.");
        }
        return new Persona.Value(priority.group(1).strip(), (int) level);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** A free-text block without leading and trailing blank lines or trailing spaces. */
    private static String text(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        return String.join(
                "\n",
                lines.subList(from, to).stream().map(String::stripTrailing).toList());
    }

    /** The canonical Markdown of a persona; empty parts are left out. */
    public static String render(Persona persona) {
        StringBuilder out = new StringBuilder("# ").append(persona.name()).append('\n');
        paragraph(out, null, persona.introduction());
        paragraph(out, Kind.PURPOSE.heading, persona.purpose());
        list(
                out,
                Kind.TRAITS.heading,
                persona.traits().stream()
                        .map(t -> t.description().isEmpty() ? t.name() : t.name() + ": " + t.description())
                        .toList());
        list(
                out,
                Kind.VALUES.heading,
                persona.values().stream()
                        .map(v -> v.priority() == null
                                ? v.statement()
                                : v.statement() + " (priority " + v.priority() + ")")
                        .toList());
        paragraph(out, Kind.COMMUNICATION_STYLE.heading, persona.communicationStyle());
        list(out, Kind.EXPERTISE.heading, persona.expertise());
        list(out, Kind.BOUNDARIES.heading, persona.boundaries());
        for (Persona.Section section : persona.otherSections()) {
            out.append("\n## ").append(section.heading()).append('\n');
            if (!section.body().isEmpty()) {
                out.append('\n').append(section.body()).append('\n');
            }
        }
        return out.toString();
    }

    private static void paragraph(StringBuilder out, String heading, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (heading != null) {
            out.append("\n## ").append(heading).append('\n');
        }
        out.append('\n').append(text).append('\n');
    }

    private static void list(StringBuilder out, String heading, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        out.append("\n## ").append(heading).append("\n\n");
        for (String item : items) {
            out.append("- ").append(item.replace("\n", "\n    ")).append('\n');
        }
    }
}
