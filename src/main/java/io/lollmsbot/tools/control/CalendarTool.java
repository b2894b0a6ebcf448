package io.lollmsbot.tools.control;

import io.lollmsbot.llm.control.ToolDefinition;
import io.lollmsbot.tools.entity.CalendarEvent;
import jakarta.ejb.Stateless;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** The user's own calendar: add, list and delete events. Nobody sees another user's events. */
@Stateless
public class CalendarTool implements Tool {

    private static final ToolDefinition DEFINITION = ToolDefinition.of("calendar",
            "The user's calendar. action=add needs title and start (ISO-8601, e.g. 2026-05-04T09:00:00Z), end is "
                    + "optional; action=list lists the events; action=delete needs id.",
            """
            {"type":"object","properties":{
              "action":{"type":"string","enum":["add","list","delete"]},
              "title":{"type":"string","maxLength":200},
              "start":{"type":"string","description":"ISO-8601 instant"},
              "end":{"type":"string","description":"ISO-8601 instant"},
              "id":{"type":"string"}},
             "required":["action"]}""");

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public String execute(ToolCaller caller, JsonObject arguments) {
        return switch (arguments.getString("action", "")) {
            case "add" -> add(caller, arguments);
            case "list" -> list(caller);
            case "delete" -> delete(caller, arguments);
            default -> throw new ToolFailure("action must be add, list or delete.");
        };
    }

    private String add(ToolCaller caller, JsonObject arguments) {
        String title = arguments.getString("title", "").strip();
        if (title.isEmpty() || title.length() > 200) {
            throw new ToolFailure("title is required (at most 200 characters).");
        }
        Instant start = instant(arguments, "start");
        Instant end = arguments.containsKey("end") ? instant(arguments, "end") : null;
        if (start == null) {
            throw new ToolFailure("start is required.");
        }
        if (end != null && end.isBefore(start)) {
            throw new ToolFailure("end must not be before start.");
        }
        CalendarEvent event = new CalendarEvent(caller.userId(), title, start, end);
        em.persist(event);
        return Json.createObjectBuilder().add("added", event.id().toString()).build().toString();
    }

    private String list(ToolCaller caller) {
        JsonArrayBuilder events = Json.createArrayBuilder();
        em.createNamedQuery(CalendarEvent.OF_USER, CalendarEvent.class).setParameter("user", caller.userId())
                .getResultList().forEach(event -> {
                    var json = Json.createObjectBuilder().add("id", event.id().toString())
                            .add("title", event.title()).add("start", event.startsAt().toString());
                    if (event.endsAt() != null) {
                        json.add("end", event.endsAt().toString());
                    }
                    events.add(json);
                });
        return Json.createObjectBuilder().add("events", events).build().toString();
    }

    private String delete(ToolCaller caller, JsonObject arguments) {
        CalendarEvent event = null;
        try {
            event = em.find(CalendarEvent.class, UUID.fromString(arguments.getString("id", "")));
        } catch (IllegalArgumentException notAnId) {
            // falls through to "no such event"
        }
        if (event == null || event.userId() != caller.userId()) {
            throw new ToolFailure("No such event.");
        }
        em.remove(event);
        return Json.createObjectBuilder().add("deleted", event.id().toString()).build().toString();
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
