package io.lollmsbot.guardian.control;

/** What an input-screening rule detects; {@link #id()} is the name used in the API and the audit log. */
public enum ThreatCategory {
    INSTRUCTION_OVERRIDE("instruction-override"),
    JAILBREAK_PERSONA("jailbreak-persona"),
    ROLE_SPOOFING("role-spoofing"),
    PROMPT_EXTRACTION("prompt-extraction"),
    OBFUSCATION("obfuscation"),
    DATA_EXFILTRATION("data-exfiltration"),
    CREDENTIAL_HARVESTING("credential-harvesting"),
    DANGEROUS_COMMAND("dangerous-command"),
    /** Found by the learned stage (no rule names the technique). */
    LEARNED_INJECTION("prompt-injection");

    private final String id;

    ThreatCategory(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
