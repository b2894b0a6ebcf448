package io.lollmsbot.platform.metrics;

import java.util.ArrayList;
import java.util.Hashtable;
import javax.security.auth.Subject;

/**
 * An identity a Trust Association Interceptor hands to Liberty for a request it lets through, complete in itself so
 * that Liberty asks no user registry (the application has its own identity store, the server none).
 */
final class BuiltInIdentity {

    private static final String CREDENTIALS = "com.ibm.wsspi.security.cred.";

    private BuiltInIdentity() {}

    static Subject subject(String name, String realm) {
        Hashtable<String, Object> credentials = new Hashtable<>();
        credentials.put(CREDENTIALS + "uniqueId", name);
        credentials.put(CREDENTIALS + "securityName", name);
        credentials.put(CREDENTIALS + "realm", realm);
        credentials.put(CREDENTIALS + "groups", new ArrayList<String>());
        credentials.put(CREDENTIALS + "cacheKey", "lollmsbot-" + name);
        Subject subject = new Subject();
        subject.getPublicCredentials().add(credentials);
        return subject;
    }
}
