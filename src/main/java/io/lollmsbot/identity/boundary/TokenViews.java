package io.lollmsbot.identity.boundary;

import io.lollmsbot.identity.control.TokenService;
import io.lollmsbot.identity.entity.ApiToken;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.UUID;

/** What clients send and see of API tokens; the secret appears only in the creation response. */
final class TokenViews {

    private TokenViews() {}

    public record NewToken(@NotBlank @Size(max = 128) String name, Instant expiresAt) {}

    public record CreatedToken(UUID id, String token) {}

    public record TokenView(UUID id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {}

    static TokenView of(ApiToken token) {
        return new TokenView(token.id(), token.name(), token.createdAt(), token.expiresAt(), token.lastUsedAt());
    }

    static Response created(TokenService.IssuedToken issued) {
        return Response.status(Response.Status.CREATED)
                .entity(new CreatedToken(issued.id(), issued.token()))
                .build();
    }
}
