package io.lollmsbot.chat.boundary;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;

/**
 * The web chat page: {@code /} leads to {@code /chat}, whose files are served from the classpath folder
 * {@code webchat/}. The page only calls the public API, so this resource holds no logic of its own.
 */
@Path("")
@RequestScoped
@PermitAll
public class ChatPageResource {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    @Context
    HttpServletResponse servletResponse;

    @GET
    public Response root() {
        return Response.seeOther(URI.create("/chat")).build();
    }

    @GET
    @Path("chat")
    public Response page() {
        return file("index.html");
    }

    @GET
    @Path("chat/{file: [a-z0-9-]+(/[a-z0-9.-]+)?\\.(html|js|css)}")
    public Response file(@PathParam("file") String file) {
        String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
        try (InputStream in = ChatPageResource.class.getResourceAsStream("/webchat/" + file)) {
            if (in == null) {
                throw new NotFoundException();
            }
            // replaces the API's "allow nothing" policy, which the servlet filter set before
            servletResponse.setHeader("Content-Security-Policy", CSP);
            servletResponse.setHeader("Cache-Control", "no-cache");
            return Response.ok(in.readAllBytes(), type).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
