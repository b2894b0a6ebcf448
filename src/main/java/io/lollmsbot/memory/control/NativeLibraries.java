package io.lollmsbot.memory.control;

/**
 * Keeps the Hugging Face tokenizer library offline: its native code comes from the jar on the class path and is
 * unpacked into a cache directory (the DJL default, {@code ~/.djl.ai}, unless {@code DJL_CACHE_DIR} names another);
 * DJL must never try to download anything.
 */
final class NativeLibraries {

    private NativeLibraries() {}

    static void configure() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }
}
