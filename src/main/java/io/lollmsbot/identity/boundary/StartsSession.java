package io.lollmsbot.identity.boundary;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the password login, which replaces whatever browser session the request brings: a leftover session cookie
 * (after logout in another tab, a reload, or a session the browser kept) must not make it need that session's CSRF
 * token, so {@link CsrfFilter} does not check it. It needs the password instead, accepts only JSON (a cross-site
 * form cannot send that without a CORS preflight) and always starts a new session with a new token.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface StartsSession {}
