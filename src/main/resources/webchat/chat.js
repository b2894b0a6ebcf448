'use strict';
// The web chat. No secret in browser storage: the session is an HttpOnly cookie, the CSRF token lives in memory.
// Text from the server reaches the page only as textContent, or as Markdown rendered by marked and then sanitised
// by DOMPurify into a DOM fragment (never assigned to innerHTML).
const PAGE_SIZE = 20;
const state = { csrfToken: null, username: null, conversationId: null, oldest: null, streaming: null };

const $ = (id) => document.getElementById(id);

function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
}

/** An Error carrying what a problem+json response said: its title and detail, never a stack trace. */
function problemError(status, problem) {
    const title = (problem && problem.title) || 'Request failed (' + status + ')';
    const fields = problem && Array.isArray(problem.errors) ? problem.errors.map((e) => e.field + ' ' + e.message) : [];
    const detail = [(problem && problem.detail) || '', ...fields].filter(Boolean).join(' ');
    const error = new Error(detail ? title + ': ' + detail : title);
    error.status = status;
    return error;
}

function headers(method, body) {
    const result = { 'Accept': 'application/json', 'X-Requested-With': 'lollmsbot-console' };
    if (body !== undefined) result['Content-Type'] = 'application/json';
    if (state.csrfToken && method !== 'GET') result['X-CSRF-Token'] = state.csrfToken;
    return result;
}

async function api(method, path, body) {
    const response = await fetch(path, { method, headers: headers(method, body), credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body) });
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) throw problemError(response.status, data);
    return data;
}

function notify(message) {
    $('notice').textContent = message || '';
    $('notice').hidden = !message;
}

function show(loggedIn) {
    $('login-view').hidden = loggedIn;
    $('chat-view').hidden = !loggedIn;
    $('whoami').hidden = !loggedIn;
    $('current-user').textContent = loggedIn ? state.username : '';
}

async function signedIn(me) {
    state.csrfToken = me.csrfToken;
    state.username = me.username;
    notify('');
    show(true);
    newConversation();
    await loadConversations(false);
}

/** After a reload the session cookie is still there but the in-memory CSRF token is not: ask the server for it. */
async function resume() {
    const response = await fetch('/api/v1/auth/session', { headers: headers('GET'), credentials: 'same-origin' });
    if (response.ok) await signedIn(await response.json());
    else $('username').focus();
}

async function login(event) {
    event.preventDefault();
    $('login-error').hidden = true;
    try {
        const me = await api('POST', '/api/v1/auth/login', { username: $('username').value, password: $('password').value });
        $('password').value = '';
        await signedIn(me);
    } catch (error) {
        $('login-error').textContent = error.status === 401 ? 'Wrong username or password.' : error.message;
        $('login-error').hidden = false;
    }
}

async function logout() {
    stop();
    await api('POST', '/api/v1/auth/logout').catch(() => {});
    Object.assign(state, { csrfToken: null, username: null, conversationId: null, oldest: null });
    $('conversation-list').replaceChildren();
    $('messages').replaceChildren();
    notify('');
    show(false);
    $('username').focus();
}

// ---- conversations ----

async function loadConversations(more) {
    const query = '?limit=' + PAGE_SIZE + (more && state.oldest ? '&before=' + encodeURIComponent(state.oldest) : '');
    try {
        const page = await api('GET', '/api/v1/conversations' + query);
        if (!more) $('conversation-list').replaceChildren();
        page.forEach((conversation) => $('conversation-list').append(conversationItem(conversation)));
        if (page.length) state.oldest = page[page.length - 1].updatedAt;
        $('more-conversations').hidden = page.length < PAGE_SIZE;
        markCurrent();
    } catch (error) {
        notify(error.message);
    }
}

function conversationItem(conversation) {
    const item = element('li');
    item.dataset.id = conversation.id;
    const title = conversation.title || 'Untitled conversation';
    const open = element('button', 'open', title);
    open.type = 'button';
    open.title = title;
    open.addEventListener('click', () => openConversation(conversation.id, title));
    const remove = element('button', 'delete', '\u2715');
    remove.type = 'button';
    remove.setAttribute('aria-label', 'Delete conversation ' + title);
    remove.addEventListener('click', () => deleteConversation(conversation.id, title));
    item.append(open, remove);
    return item;
}

function markCurrent() {
    document.querySelectorAll('#conversation-list li').forEach((item) =>
        item.classList.toggle('current', item.dataset.id === state.conversationId));
}

function newConversation() {
    stop();
    state.conversationId = null;
    $('conversation-title').textContent = 'New conversation';
    $('messages').replaceChildren();
    markCurrent();
    $('message').focus();
}

async function openConversation(id, title) {
    stop();
    try {
        const messages = await api('GET', '/api/v1/conversations/' + encodeURIComponent(id) + '/messages');
        state.conversationId = id;
        $('conversation-title').textContent = title;
        $('messages').replaceChildren();
        messages.filter((m) => (m.role === 'user' || m.role === 'assistant') && m.content)
            .forEach((m) => addMessage(m.role, m.content));
        markCurrent();
        notify('');
        $('message').focus();
    } catch (error) {
        notify(error.message);
    }
}

async function deleteConversation(id, title) {
    if (!window.confirm('Delete the conversation "' + title + '"? This cannot be undone.')) return;
    try {
        await api('DELETE', '/api/v1/conversations/' + encodeURIComponent(id));
        if (state.conversationId === id) newConversation();
        await loadConversations(false);
    } catch (error) {
        notify(error.message);
    }
}

// ---- messages ----

function renderMarkdown(target, text) {
    const fragment = DOMPurify.sanitize(marked.parse(text), { RETURN_DOM_FRAGMENT: true });
    fragment.querySelectorAll('pre').forEach((pre) => {
        const box = element('div', 'code');
        pre.replaceWith(box);
        const copy = element('button', 'copy secondary', 'Copy');
        copy.type = 'button';
        copy.setAttribute('aria-label', 'Copy code');
        copy.addEventListener('click', () => navigator.clipboard.writeText(pre.textContent)
            .then(() => { copy.textContent = 'Copied'; })
            .catch(() => { copy.textContent = 'Copy failed'; }));
        box.append(pre, copy);
    });
    target.replaceChildren(fragment);
}

function addMessage(role, text) {
    const node = element('div', 'message ' + role);
    if (role === 'assistant') renderMarkdown(node, text);
    else node.textContent = text;
    $('messages').append(node);
    node.scrollIntoView({ block: 'end' });
    return node;
}

function addStatus(text) {
    const line = element('p', 'status', text);
    $('messages').append(line);
    return line;
}

/** A failed turn, shown with its problem's title and detail: the Guardian's refusal (422) says why it refused. */
function addFailure(error) {
    addMessage(error.status === 422 ? 'refusal' : 'failure', error.message);
}

// ---- sending and streaming ----

function parseEvent(block) {
    let name = 'message';
    const data = [];
    block.split('\n').forEach((line) => {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    });
    return { name, data: data.length ? JSON.parse(data.join('\n')) : null };
}

async function readEvents(response, onEvent) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, '\n');
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block.trim()) onEvent(parseEvent(block));
        }
    }
}

function streaming(active) {
    $('send').hidden = active;
    $('stop').hidden = !active;
    $('message').readOnly = active;
}

function stop() {
    if (state.streaming) state.streaming.abort();
}

async function send(event) {
    if (event) event.preventDefault();
    const text = $('message').value;
    if (!text.trim() || state.streaming) return;
    notify('');
    addMessage('user', text);
    $('message').value = '';
    const controller = new AbortController();
    state.streaming = controller;
    streaming(true);
    const startedNew = state.conversationId === null;
    let reply = null;
    let replyText = '';
    let stored = false;
    try {
        const body = { message: text };
        if (state.conversationId) body.conversationId = state.conversationId;
        const response = await fetch('/api/v1/chat/stream', { method: 'POST', credentials: 'same-origin',
            headers: Object.assign(headers('POST', body), { 'Accept': 'text/event-stream' }),
            body: JSON.stringify(body), signal: controller.signal });
        if (!response.ok) throw problemError(response.status, await response.json().catch(() => null));
        await readEvents(response, (e) => {
            if (e.name === 'meta') {
                state.conversationId = e.data.conversationId;
            } else if (e.name === 'delta') {
                if (!reply) reply = addMessage('assistant', '');
                replyText += e.data.text;
                renderMarkdown(reply, replyText);
                reply.scrollIntoView({ block: 'end' });
            } else if (e.name === 'tool') {
                addStatus(e.data.name + ': ' + e.data.status);
            } else if (e.name === 'done') {
                stored = true;
            } else if (e.name === 'error') {
                throw problemError(e.data.status, e.data);
            }
        });
    } catch (error) {
        stored = error.name === 'AbortError';
        if (stored) addStatus('Stopped. The full reply is kept in the conversation.');
        else addFailure(error);
    } finally {
        state.streaming = null;
        streaming(false);
        $('message').focus();
    }
    if (startedNew && !stored) {
        state.conversationId = null; // a failed first turn stores no conversation
    } else if (startedNew) {
        $('conversation-title').textContent = text.split('\n')[0].slice(0, 80);
        await loadConversations(false);
    }
}

function composerKey(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) send(event);
}

document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', login);
    $('logout').addEventListener('click', logout);
    $('new-conversation').addEventListener('click', newConversation);
    $('more-conversations').addEventListener('click', () => loadConversations(true));
    $('composer').addEventListener('submit', send);
    $('message').addEventListener('keydown', composerKey);
    $('stop').addEventListener('click', stop);
    offerSingleSignOn('chat');
    resume();
});
