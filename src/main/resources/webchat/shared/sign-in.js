'use strict';
// Shared by the web chat (/chat/shared/sign-in.js) and the admin console (/admin/shared/sign-in.js, copied into its
// module by the build): the login form's single sign-on link.

/** When an identity provider is configured, the login form also offers "Sign in with <provider>". */
async function offerSingleSignOn(to) {
    const response = await fetch('/api/v1/auth/oidc', { headers: { 'Accept': 'application/json' } }).catch(() => null);
    const oidc = response && response.ok ? await response.json() : null;
    if (!oidc || !oidc.enabled) return;
    const link = document.getElementById('oidc-login');
    link.href = oidc.loginPath + '?to=' + to;
    link.textContent = 'Sign in with ' + oidc.providerName;
    link.hidden = false;
}
