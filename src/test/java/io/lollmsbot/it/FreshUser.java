package io.lollmsbot.it;

import static io.lollmsbot.it.Api.basic;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Before each test of a chat integration test: both scripted LLMs reset (up, nothing queued, nothing remembered)
 * and a new user, so no test sees another's turns, rate limits or quarantine. Register it as a field:
 * {@code @RegisterExtension final FreshUser fresh = new FreshUser("chat");}.
 */
final class FreshUser implements BeforeEachCallback {

    private final Api api = Api.server();
    private final String prefix;
    private String name;
    private String auth;

    FreshUser(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TestLlm.reset();
        name = api.createUser(prefix, "user");
        auth = basic(name, Api.passwordOf(name));
    }

    /** The user's name. */
    String user() {
        return name;
    }

    /** The user's Basic authorization header. */
    String auth() {
        return auth;
    }
}
