package io.lollmsbot.identity.boundary;

import java.util.Hashtable;
import java.util.Set;
import java.util.TreeSet;
import javax.security.auth.Subject;

/**
 * Keeps a login by Basic or Bearer cheap on Open Liberty. Liberty turns every successful authentication into a JAAS
 * login that builds a subject with an RSA-signed LTPA single-sign-on token, and sends that token back as a cookie;
 * an API client sends its credentials with every request and needs neither. Two entries of the hashtable Liberty
 * reads from the client subject prevent both: a custom cache key (the WebSphere hashtable-login property
 * {@code com.ibm.wsspi.security.cred.cacheKey}) lets Liberty's authentication cache hand back the subject of an
 * identical earlier login instead of logging in again, and Liberty's own "no LTPA cookie" flag (the one its TAI and
 * SPNEGO support set) keeps the token off the response. The key names the user id, name and groups, so a changed
 * role is a different key; whether the credential is still valid is decided before, on every request, by the
 * identity store.
 */
final class StatelessLogin {

    static final String CACHE_KEY = "com.ibm.wsspi.security.cred.cacheKey";
    static final String NO_LTPA_COOKIE = "com.ibm.ws.authentication.internal.sso.disable.ltpa.cookie";

    private StatelessLogin() {}

    static void prepare(Subject clientSubject, long userId, String username, Set<String> groups) {
        if (clientSubject == null) {
            return;
        }
        Hashtable<String, Object> login = new Hashtable<>();
        login.put(CACHE_KEY, cacheKey(userId, username, groups));
        login.put(NO_LTPA_COOKIE, Boolean.TRUE);
        clientSubject.getPrivateCredentials().add(login);
    }

    static String cacheKey(long userId, String username, Set<String> groups) {
        return "lollmsbot-api:" + userId + ":" + String.join(",", new TreeSet<>(groups)) + ":" + username;
    }
}
