'use strict';
// The console keeps no secret in browser storage: the session is an HttpOnly cookie, the CSRF token lives in memory.
const state = { csrfToken: null, username: null };

const $ = (id) => document.getElementById(id);

async function api(method, path, body) {
    const headers = { 'Accept': 'application/json', 'X-Requested-With': 'lollmsbot-console' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (state.csrfToken && method !== 'GET') headers['X-CSRF-Token'] = state.csrfToken;
    const response = await fetch(path, { method, headers, credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body) });
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
        const error = new Error((data && data.detail) || response.statusText);
        error.status = response.status;
        throw error;
    }
    return data;
}

function show(loggedIn) {
    $('login-view').hidden = loggedIn;
    $('console-view').hidden = !loggedIn;
    $('whoami').hidden = !loggedIn;
    $('current-user').textContent = loggedIn ? state.username : '';
}

async function login(event) {
    event.preventDefault();
    $('login-error').hidden = true;
    try {
        const me = await api('POST', '/api/v1/auth/login', { username: $('username').value, password: $('password').value });
        if (!me.roles.includes('admin')) {
            await api('POST', '/api/v1/auth/logout').catch(() => {});
            throw new Error('This console is for administrators.');
        }
        state.csrfToken = me.csrfToken;
        state.username = me.username;
        $('password').value = '';
        show(true);
        await openSection('overview');
    } catch (error) {
        $('login-error').textContent = error.status === 401 ? 'Wrong username or password.' : error.message;
        $('login-error').hidden = false;
    }
}

async function logout() {
    await api('POST', '/api/v1/auth/logout').catch(() => {});
    state.csrfToken = null;
    state.username = null;
    show(false);
}

async function loadOverview() {
    const health = await fetch('/health/ready').then((r) => r.json()).catch(() => ({ checks: [] }));
    const list = $('health');
    list.replaceChildren();
    for (const check of health.checks || []) {
        const name = document.createElement('dt');
        name.textContent = check.name;
        const status = document.createElement('dd');
        status.textContent = check.status;
        status.className = check.status === 'UP' ? 'up' : 'down';
        list.append(name, status);
    }
}

async function loadUsers() {
    const users = await api('GET', '/api/v1/admin/users');
    const rows = users.map((user) => {
        const row = document.createElement('tr');
        for (const value of [user.username, user.roles.join(', '), user.enabled ? 'yes' : 'no', user.createdAt]) {
            const cell = document.createElement('td');
            cell.textContent = value;
            row.append(cell);
        }
        return row;
    });
    $('users-table').replaceChildren(...rows);
}

const sections = { overview: loadOverview, users: loadUsers };

async function openSection(name) {
    for (const button of document.querySelectorAll('nav button')) {
        button.classList.toggle('active', button.dataset.section === name);
    }
    for (const key of Object.keys(sections)) {
        $('section-' + key).hidden = key !== name;
    }
    await sections[name]();
}

document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', login);
    $('logout').addEventListener('click', logout);
    for (const button of document.querySelectorAll('nav button')) {
        button.addEventListener('click', () => openSection(button.dataset.section));
    }
    show(false);
});
