package io.lollmsbot.memory.control;

/** A text with its token count, so a context part counted once is not counted again. */
record CountedText(String text, int tokens) {}
