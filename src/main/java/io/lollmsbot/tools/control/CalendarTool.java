package io.lollmsbot.tools.control;

import io.lollmsbot.llm.control.ToolDefinition;
import io.lollmsbot.tools.entity.CalendarEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * The user's own calendar: add, list, update and delete events, export them as iCalendar and import iCalendar
 * events. Nobody sees another user's events. A CDI bean with a transaction around {@link #execute} only: the catalogue
 * asks every model round of every turn for the name and definition, which as an EJB went through the container each
 * time, and a {@link ToolFailure} reaches the registry as itself (an EJB wrapped it, and the model read "The tool
 * failed." instead of the reason).
 */
@ApplicationScoped
public class CalendarTool implements Tool {

    static final int MAX_IMPORTED_EVENTS = 500;
    private static final int MAX_TITLE = 200;
    private static final ToolDefinition DEFINITION = ToolDefinition.of(
            "calendar",
            "The user's calendar. action=add needs title and start (ISO-8601, e.g. 2026-05-04T09:00:00Z), end is "
                    + "optional; action=list lists the events; action=update needs id and any of title, start, end; "
                    + "action=delete needs id; action=export returns all events as iCalendar text; action=import adds "
                    + "the VEVENTs of the iCalendar text in ics (at most " + MAX_IMPORTED_EVENTS + ").",
            """
            {"type":"object","properties":{
              "action":{"type":"string","enum":["add","list","update","delete","export","import"]},
              "title":{"type":"string","minLength":1,"maxLength":200},
              "start":{"type":"string","description":"ISO-8601 instant"},
              "end":{"type":"string","description":"ISO-8601 instant"},
              "id":{"type":"string"},
              "ics":{"type":"string","maxLength":1048576,"description":"import: iCalendar text"}},
             "required":["action"],"additionalProperties":false}""");

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public String name() {
        return DEFINITION.name();
    }

    @Override
    @Transactional
    public String execute(ToolCaller caller, JsonObject arguments) {
        return switch (arguments.getString("action", "")) {
            case "add" -> add(caller, arguments);
            case "list" -> list(caller);
            case "update" -> update(caller, arguments);
            case "delete" -> delete(caller, arguments);
            case "export" -> export(caller);
            case "import" -> importEvents(caller, arguments);
            default -> throw new ToolFailure("action must be add, list, update, delete, export or import.");
        };
    }

    private String add(ToolCaller caller, JsonObject arguments) {
        Instant start = instant(arguments, "start");
        if (start == null) {
            throw new ToolFailure("start is required.");
        }
        CalendarEvent event = new CalendarEvent(
                caller.userId(),
                title(arguments.getString("title", "")),
                start,
                checkedEnd(start, instant(arguments, "end")));
        em.persist(event);
        return Json.createObjectBuilder()
                .add("added", event.id().toString())
                .build()
                .toString();
    }

    private String list(ToolCaller caller) {
        JsonArrayBuilder events = Json.createArrayBuilder();
        events(caller).forEach(event -> {
            var json = Json.createObjectBuilder()
                    .add("id", event.id().toString())
                    .add("title", event.title())
                    .add("start", event.startsAt().toString());
            if (event.endsAt() != null) {
                json.add("end", event.endsAt().toString());
            }
            events.add(json);
        });
        return Json.createObjectBuilder().add("events", events).build().toString();
    }

    private String update(ToolCaller caller, JsonObject arguments) {
        CalendarEvent event = owned(caller, arguments);
        String title = arguments.containsKey("title") ? title(arguments.getString("title")) : event.title();
        Instant start = arguments.containsKey("start") ? instant(arguments, "start") : event.startsAt();
        Instant end = arguments.containsKey("end") ? instant(arguments, "end") : event.endsAt();
        event.reschedule(title, start, checkedEnd(start, end));
        return Json.createObjectBuilder()
                .add("updated", event.id().toString())
                .build()
                .toString();
    }

    private String delete(ToolCaller caller, JsonObject arguments) {
        CalendarEvent event = owned(caller, arguments);
        em.remove(event);
        return Json.createObjectBuilder()
                .add("deleted", event.id().toString())
                .build()
                .toString();
    }

    private String export(ToolCaller caller) {
        List<ICalendar.Event> events = events(caller).stream()
                .map(event ->
                        new ICalendar.Event(event.id() + "@lollmsbot", event.title(), event.startsAt(), event.endsAt()))
                .toList();
        return Json.createObjectBuilder()
                .add("events", events.size())
                .add("ics", ICalendar.write(events, Instant.now()))
                .build()
                .toString();
    }

    private String importEvents(ToolCaller caller, JsonObject arguments) {
        if (!arguments.containsKey("ics")) {
            throw new ToolFailure("ics (the iCalendar text) is required to import.");
        }
        List<ICalendar.Event> events = ICalendar.parse(arguments.getString("ics"), MAX_IMPORTED_EVENTS);
        JsonArrayBuilder ids = Json.createArrayBuilder();
        for (ICalendar.Event imported : events) {
            String title =
                    imported.title().isBlank() ? "(no title)" : imported.title().strip();
            CalendarEvent event = new CalendarEvent(
                    caller.userId(),
                    title.length() > MAX_TITLE ? title.substring(0, MAX_TITLE) : title,
                    imported.start(),
                    imported.end() == null || imported.end().isBefore(imported.start()) ? null : imported.end());
            em.persist(event);
            ids.add(event.id().toString());
        }
        return Json.createObjectBuilder()
                .add("imported", events.size())
                .add("ids", ids)
                .build()
                .toString();
    }

    private List<CalendarEvent> events(ToolCaller caller) {
        return em.createNamedQuery(CalendarEvent.OF_USER, CalendarEvent.class)
                .setParameter("user", caller.userId())
                .getResultList();
    }

    private CalendarEvent owned(ToolCaller caller, JsonObject arguments) {
        CalendarEvent event = null;
        try {
            event = em.find(CalendarEvent.class, UUID.fromString(arguments.getString("id", "")));
        } catch (IllegalArgumentException notAnId) {
            // falls through to "no such event"
        }
        if (event == null || event.userId() != caller.userId()) {
            throw new ToolFailure("No such event.");
        }
        return event;
    }

    private static String title(String title) {
        String stripped = title.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_TITLE) {
            throw new ToolFailure("title is required (at most " + MAX_TITLE + " characters).");
        }
        return stripped;
    }

    private static Instant checkedEnd(Instant start, Instant end) {
        if (end != null && end.isBefore(start)) {
            throw new ToolFailure("end must not be before start.");
        }
        return end;
    }

    private static Instant instant(JsonObject arguments, String key) {
        if (!arguments.containsKey(key)) {
            return null;
        }
        try {
            return Instant.parse(arguments.getString(key, ""));
        } catch (DateTimeParseException | ClassCastException e) {
            throw new ToolFailure(key + " must be an ISO-8601 instant such as 2026-05-04T09:00:00Z.");
        }
    }
}
