package io.lollmsbot.tools.control;

import io.lollmsbot.guardian.control.Guardian;
import io.lollmsbot.guardian.control.Redaction;
import io.lollmsbot.guardian.control.SecretKind;
import io.lollmsbot.llm.control.ToolDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/**
 * Reviews a text for secrets with the Guardian's scanner: how many, of which kinds, and the text with each replaced
 * by {@code [REDACTED:<kind>]}. Nothing is stored; the secrets themselves never appear in the result.
 */
@ApplicationScoped
public class SecretScanTool implements Tool {

    public static final String NAME = "secret_scan";
    private static final int MAX_TEXT = 200_000;
    private static final ToolDefinition DEFINITION = ToolDefinition.of(
            NAME,
            "Finds secrets (API keys, tokens, private keys, passwords in URLs) in a text. Returns secretsFound, "
                    + "kinds and the text with every secret redacted.",
            """
            {"type":"object","properties":{"text":{"type":"string","maxLength":200000}},"required":["text"]}""");

    @Inject
    Guardian guardian;

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public String execute(ToolCaller caller, JsonObject arguments) {
        if (!(arguments.get("text") instanceof JsonString text)
                || text.getString().length() > MAX_TEXT) {
            throw new ToolFailure("text is required (a string of at most " + MAX_TEXT + " characters).");
        }
        Redaction redaction = guardian.redact(text.getString());
        return Json.createObjectBuilder()
                .add("secretsFound", redaction.count())
                .add(
                        "kinds",
                        Json.createArrayBuilder(redaction.kinds().stream()
                                .map(SecretKind::id)
                                .sorted()
                                .toList()))
                .add("redacted", redaction.text())
                .build()
                .toString();
    }
}
