package io.lollmsbot.llm.control;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The wire protocols we speak, by their setting value. */
public enum ProviderType {
    /** OpenAI Chat Completions: OpenAI, LoLLMS, vLLM, llama.cpp server, LiteLLM, OpenRouter, Ollama's /v1... */
    OPENAI,
    /** Ollama's native /api/chat. */
    OLLAMA;

    public String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ProviderType> fromSetting(String value) {
        return Arrays.stream(values())
                .filter(t -> t.settingValue().equalsIgnoreCase(value.trim()))
                .findFirst();
    }
}
