package io.lollmsbot.tools.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ICalendarTest {

    private static final Instant STAMP = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void writtenEventsReadBackUnchanged() {
        List<ICalendar.Event> events = List.of(
                new ICalendar.Event(
                        "a@lollmsbot",
                        "Stand-up; team, \"core\"\\ops\nroom 2",
                        Instant.parse("2026-05-04T09:00:00Z"),
                        Instant.parse("2026-05-04T09:15:00Z")),
                new ICalendar.Event(
                        "b@lollmsbot",
                        "Réunion " + "très longue ".repeat(10),
                        Instant.parse("2026-05-05T13:30:00Z"),
                        null));
        String ics = ICalendar.write(events, STAMP);
        assertTrue(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), ics);
        for (String line : ics.split("\r\n")) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, "folded: " + line);
        }
        assertEquals(events, ICalendar.parse(ics, 10));
    }

    @Test
    void readsWhatOtherCalendarsWrite() {
        String ics = """
                BEGIN:VCALENDAR
                PRODID:-//Example//EN
                BEGIN:VTIMEZONE
                TZID:Europe/Paris
                END:VTIMEZONE
                BEGIN:VEVENT
                UID:1
                SUMMARY;LANGUAGE=en:Budget
                  review
                DTSTART;TZID="Europe/Paris":20260704T100000
                DTEND;TZID=Europe/Paris:20260704T110000
                LOCATION:Room "A:1"
                END:VEVENT
                BEGIN:VEVENT
                DTSTART;VALUE=DATE:20261225
                SUMMARY:Holiday
                END:VEVENT
                BEGIN:VEVENT
                DTSTART:20260101T080000
                END:VEVENT
                END:VCALENDAR
                """;
        List<ICalendar.Event> events = ICalendar.parse(ics, 10);
        assertEquals(3, events.size());
        assertEquals("Budget review", events.get(0).title());
        assertEquals(Instant.parse("2026-07-04T08:00:00Z"), events.get(0).start(), "Paris is UTC+2 in July");
        assertEquals(Instant.parse("2026-07-04T09:00:00Z"), events.get(0).end());
        assertEquals(Instant.parse("2026-12-25T00:00:00Z"), events.get(1).start(), "all-day");
        assertNull(events.get(1).end());
        assertEquals(Instant.parse("2026-01-01T08:00:00Z"), events.get(2).start(), "floating time taken as UTC");
        assertEquals("", events.get(2).title());
    }

    @Test
    void refusesWhatIsNotUsable() {
        assertThrows(ToolFailure.class, () -> ICalendar.parse("hello", 10));
        assertThrows(
                ToolFailure.class,
                () -> ICalendar.parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\nEND:VCALENDAR", 10));
        ToolFailure badDate = assertThrows(
                ToolFailure.class,
                () -> ICalendar.parse(
                        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:tomorrow\nEND:VEVENT\nEND:VCALENDAR", 10));
        assertTrue(badDate.getMessage().contains("DTSTART"), badDate::getMessage);
        assertThrows(
                ToolFailure.class,
                () -> ICalendar.parse(
                        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;TZID=Nowhere/City:20260101T080000\nEND:VEVENT\nEND:VCALENDAR",
                        10));
        String two = "BEGIN:VCALENDAR\n" + "BEGIN:VEVENT\nDTSTART:20260101T080000Z\nEND:VEVENT\n".repeat(2)
                + "END:VCALENDAR";
        assertThrows(ToolFailure.class, () -> ICalendar.parse(two, 1));
    }
}
