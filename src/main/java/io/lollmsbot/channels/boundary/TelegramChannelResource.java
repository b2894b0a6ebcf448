package io.lollmsbot.channels.boundary;

import io.lollmsbot.channels.control.TelegramChannel;
import io.lollmsbot.chat.boundary.MessageLimit;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code POST /api/v1/channels/telegram/webhook}, the URL given to Telegram's {@code setWebhook}. */
@Path("api/v1/channels/telegram/webhook")
@RequestScoped
@PermitAll
public class TelegramChannelResource {

    @Inject
    TelegramChannel telegram;

    @Inject
    MessageLimit limit;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@HeaderParam("X-Telegram-Bot-Api-Secret-Token") String secretToken, byte[] body) {
        telegram.authenticate(secretToken);
        telegram.parse(body).ifPresent(message -> {
            limit.check("message.text", message.text());
            telegram.accept(message);
        });
        return Map.of("ok", true);
    }
}
