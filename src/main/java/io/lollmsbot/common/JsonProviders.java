package io.lollmsbot.common;

import jakarta.json.spi.JsonProvider;

/** The JSON-P provider, looked up once for the application. */
public final class JsonProviders {

    /**
     * Use this instead of {@code jakarta.json.Json}'s static methods on hot paths: each of those runs a ServiceLoader
     * lookup through Liberty's class loaders (and a failing {@code Class.forName}) on every call.
     */
    public static final JsonProvider JSON = JsonProvider.provider();

    private JsonProviders() {}
}
