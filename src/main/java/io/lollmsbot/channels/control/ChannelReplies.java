package io.lollmsbot.channels.control;

import io.lollmsbot.channels.entity.ChannelEvent;

/** What a chat platform's user reads for an event's outcome: the reply, or why there is none. */
final class ChannelReplies {

    private ChannelReplies() {}

    static String text(ChannelEvent event) {
        return switch (event.status()) {
            case ChannelEvent.COMPLETED -> event.reply();
            case ChannelEvent.REFUSED -> "I cannot answer this message: " + event.problemDetail();
            default -> "I could not answer this message right now: " + event.problemDetail();
        };
    }
}
