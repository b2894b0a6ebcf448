package io.lollmsbot.tools.control;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of iCalendar (RFC 5545) the calendar tool needs: VEVENTs with UID, SUMMARY, DTSTART and DTEND (or
 * DURATION is ignored and the event has no end). Reading unfolds lines, unescapes text, and understands UTC times,
 * times with a TZID, floating times (taken as UTC) and all-day dates; everything else is skipped. Writing folds lines
 * at 75 octets and ends them with CRLF.
 */
final class ICalendar {

    record Event(String uid, String title, Instant start, Instant end) {}

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final int FOLD_OCTETS = 75;

    private ICalendar() {}

    static String write(List<Event> events, Instant stamp) {
        StringBuilder out = new StringBuilder();
        line(out, "BEGIN:VCALENDAR");
        line(out, "VERSION:2.0");
        line(out, "PRODID:-//lollmsbot//calendar tool//EN");
        for (Event event : events) {
            line(out, "BEGIN:VEVENT");
            line(out, "UID:" + escape(event.uid()));
            line(out, "DTSTAMP:" + UTC.format(stamp));
            line(out, "DTSTART:" + UTC.format(event.start()));
            if (event.end() != null) {
                line(out, "DTEND:" + UTC.format(event.end()));
            }
            line(out, "SUMMARY:" + escape(event.title()));
            line(out, "END:VEVENT");
        }
        line(out, "END:VCALENDAR");
        return out.toString();
    }

    /**
     * The events of {@code text}, at most {@code maxEvents}.
     *
     * @throws ToolFailure when the text is not an iCalendar object, an event lacks a start, or there are too many
     */
    static List<Event> parse(String text, int maxEvents) {
        List<String> lines = unfold(text);
        if (lines.stream().noneMatch(line -> line.equalsIgnoreCase("BEGIN:VCALENDAR"))) {
            throw new ToolFailure("This is not iCalendar data (no BEGIN:VCALENDAR).");
        }
        List<Event> events = new ArrayList<>();
        Map<String, Property> current = null;
        for (String line : lines) {
            if (line.equalsIgnoreCase("BEGIN:VEVENT")) {
                current = new HashMap<>();
            } else if (line.equalsIgnoreCase("END:VEVENT") && current != null) {
                if (events.size() == maxEvents) {
                    throw new ToolFailure("More than " + maxEvents + " events; import them in parts.");
                }
                events.add(event(current, events.size() + 1));
                current = null;
            } else if (current != null) {
                Property property = Property.of(line);
                if (property != null) {
                    current.putIfAbsent(property.name(), property);
                }
            }
        }
        return events;
    }

    private static Event event(Map<String, Property> properties, int number) {
        Property start = properties.get("DTSTART");
        if (start == null) {
            throw new ToolFailure("Event " + number + " has no DTSTART.");
        }
        Property summary = properties.get("SUMMARY");
        Property uid = properties.get("UID");
        Property end = properties.get("DTEND");
        return new Event(
                uid == null ? null : unescape(uid.value()),
                summary == null ? "" : unescape(summary.value()),
                instant(start, number),
                end == null ? null : instant(end, number));
    }

    private static Instant instant(Property property, int number) {
        String value = property.value().strip();
        try {
            if (value.length() == 8
                    || "DATE".equalsIgnoreCase(property.parameters().get("VALUE"))) {
                return LocalDate.parse(value, DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (value.endsWith("Z")) {
                return Instant.from(UTC.parse(value));
            }
            String zone = property.parameters().get("TZID");
            return LocalDateTime.parse(value, LOCAL)
                    .atZone(zone == null ? ZoneOffset.UTC : ZoneId.of(zone))
                    .toInstant();
        } catch (DateTimeException e) {
            throw new ToolFailure("Event " + number + " has an unreadable " + property.name() + " (" + value + ").");
        }
    }

    /** One content line: NAME;PARAM=VALUE;...:value (the name in upper case, quoted parameter values unquoted). */
    private record Property(String name, Map<String, String> parameters, String value) {

        static Property of(String line) {
            int colon = valueStart(line);
            if (colon < 0) {
                return null;
            }
            String[] head = line.substring(0, colon).split(";");
            Map<String, String> parameters = new HashMap<>();
            for (int i = 1; i < head.length; i++) {
                String[] pair = head[i].split("=", 2);
                if (pair.length == 2) {
                    parameters.put(pair[0].toUpperCase(java.util.Locale.ROOT), pair[1].replace("\"", ""));
                }
            }
            return new Property(head[0].toUpperCase(java.util.Locale.ROOT), parameters, line.substring(colon + 1));
        }

        /** The first colon outside a quoted parameter value. */
        private static int valueStart(String line) {
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == ':' && !quoted) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static List<String> unfold(String text) {
        List<String> lines = new ArrayList<>();
        for (String raw : text.split("\r\n|\n|\r", -1)) {
            if ((raw.startsWith(" ") || raw.startsWith("\t")) && !lines.isEmpty()) {
                int last = lines.size() - 1;
                lines.set(last, lines.get(last) + raw.substring(1));
            } else if (!raw.isEmpty()) {
                lines.add(raw);
            }
        }
        return lines;
    }

    static String escape(String text) {
        return text.replace("\\", "\\\\")
                .replace(";", "\\;")
                .replace(",", "\\,")
                .replace("\r\n", "\\n")
                .replace("\n", "\\n")
                .replace("\r", "\\n");
    }

    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(next == 'n' || next == 'N' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Appends a content line folded at 75 octets, never splitting a UTF-8 character. */
    private static void line(StringBuilder out, String line) {
        int octets = 0;
        for (int i = 0; i < line.length(); ) {
            int codePoint = line.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > FOLD_OCTETS) {
                out.append("\r\n ");
                octets = 1;
            }
            out.appendCodePoint(codePoint);
            octets += size;
            i += Character.charCount(codePoint);
        }
        out.append("\r\n");
    }
}
