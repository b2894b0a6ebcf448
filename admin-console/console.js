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
        // a validation problem lists each invalid field: show them all
        const fields = data && Array.isArray(data.errors) ? data.errors.map((e) => e.field + ' ' + e.message) : [];
        const error = new Error([(data && data.detail) || response.statusText, ...fields].join(' '));
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

// A session (from the login, or kept by the browser across a reload) opens the console only for an admin.
async function enter(me) {
    state.csrfToken = me.csrfToken;
    state.username = me.username;
    if (!me.roles.includes('admin')) {
        await endSession();
        throw new Error('This console is for administrators. ' + me.username
            + ' is not one: ask an administrator, or use the web chat at /chat/.');
    }
    show(true);
    await openSection('overview');
}

async function login(event) {
    event.preventDefault();
    $('login-error').hidden = true;
    try {
        const me = await api('POST', '/api/v1/auth/login', { username: $('username').value, password: $('password').value });
        $('password').value = '';
        await enter(me);
    } catch (error) {
        $('login-error').textContent = error.status === 401 ? 'Wrong username or password.' : error.message;
        $('login-error').hidden = false;
    }
}

async function endSession() {
    stopMetrics();
    await api('POST', '/api/v1/auth/logout').catch(() => {});
    state.csrfToken = null;
    state.username = null;
}

async function logout() {
    await endSession();
    show(false);
}

// After a reload the browser may still hold a session: resume it, or show the login form.
async function resume() {
    try {
        const me = await api('GET', '/api/v1/auth/session');
        // a login typed meanwhile has started a newer session: keep that one
        if (!state.username) await enter(me);
    } catch (error) {
        if (state.username) return;
        show(false);
        if (error.status !== 401) {
            $('login-error').textContent = error.message;
            $('login-error').hidden = false;
        }
    }
}

function dependencyRow(name, dependency, details) {
    const row = cells([name, dependency.state, [dependency.reason, ...details].filter((d) => d).join('; '),
        dependency.checkedAt]);
    row.dataset.dependency = name;
    row.children[1].className = dependency.state === 'up' ? 'up' : 'down';
    return row;
}

// Loads of one view can overlap (a change's reload while the previous one is still out) and answer out of order: only
// the newest may draw, or an older answer would draw over a newer one. Resolves to null for a superseded load.
const newestLoads = new Map();
async function newest(view, request) {
    const load = {};
    newestLoads.set(view, load);
    const answer = await request();
    return newestLoads.get(view) === load ? answer : null;
}

async function loadStatus() {
    const status = await newest('status', () => api('GET', '/api/v1/admin/status'));
    if (!status) return;
    $('node').textContent = 'Node ' + status.node + ', version ' + status.version;
    $('health').replaceChildren(
        dependencyRow('database', status.database, [status.database.mode, status.database.schemaVersion
            && 'schema ' + status.database.schemaVersion]),
        dependencyRow('LLM', status.llm, []),
        dependencyRow('LLM primary', status.llm.primary, []),
        dependencyRow('LLM fallback', status.llm.fallback, []),
        dependencyRow('sandbox', status.sandbox, ['shell tool ' + (status.sandbox.shellEnabled ? 'on' : 'off')]));
}

// Key metrics: the server gives counters; rates come from the difference between two samples.
const METRIC_SAMPLES = 30;
const metrics = { samples: [], timer: null };
const figures = [
    { id: 'chats', label: 'Chats per minute', value: (now, before) => before
        ? (now.chatTurns - before.chatTurns) / ((Date.parse(now.at) - Date.parse(before.at)) / 60000) : null },
    { id: 'p95', label: 'p95 chat latency (ms)', value: (now) => now.chatP95Millis },
    { id: 'blocks', label: 'Guardian blocks, last hour', value: (now) => now.guardianBlocksLastHour,
        suffix: (now) => now.guardianBlocksCapped ? '+' : '' },
    { id: 'rejections', label: 'Rate-limit rejections', value: (now) => now.rateLimitRejections },
];

function sparkline(values) {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 100 30');
    svg.setAttribute('aria-hidden', 'true');
    const known = values.filter((v) => v !== null && v !== undefined);
    if (known.length > 1) {
        const max = Math.max(...known, 1);
        const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
        line.setAttribute('points', known.map((v, i) => (i * 100 / (known.length - 1)).toFixed(1) + ','
            + (28 - v * 26 / max).toFixed(1)).join(' '));
        svg.append(line);
    }
    return svg;
}

function renderMetrics() {
    const { samples } = metrics;
    const now = samples[samples.length - 1];
    $('metrics').replaceChildren(...figures.map((figure) => {
        const history = samples.map((sample, i) => figure.value(sample, samples[i - 1]));
        const value = history[history.length - 1];
        const card = document.createElement('figure');
        card.id = 'metric-' + figure.id;
        const caption = document.createElement('figcaption');
        caption.textContent = figure.label;
        const number = document.createElement('strong');
        number.textContent = value === null || value === undefined ? '–'
            : (Number.isInteger(value) ? value : value.toFixed(1)) + (figure.suffix ? figure.suffix(now) : '');
        card.append(caption, number, sparkline(history));
        return card;
    }));
}

async function sampleMetrics() {
    try {
        metrics.samples.push(await api('GET', '/api/v1/admin/metrics'));
        metrics.samples = metrics.samples.slice(-METRIC_SAMPLES);
        $('overview-error').hidden = true;
        renderMetrics();
    } catch (error) {
        $('overview-error').textContent = 'Could not refresh the metrics: ' + error.message;
        $('overview-error').hidden = false;
    }
}

function stopMetrics() {
    clearInterval(metrics.timer);
    metrics.timer = null;
}

async function loadOverview() {
    stopMetrics();
    await Promise.all([loadStatus(), sampleMetrics()]);
    metrics.timer = setInterval(() => { sampleMetrics(); loadStatus().catch(() => {}); }, 10000);
}

function cell(value) {
    const td = document.createElement('td');
    td.textContent = value === null || value === undefined ? '' : String(value);
    return td;
}

function button(label, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', onClick);
    return b;
}

// A button in a row of a table, named for screen readers by what it acts on ("Delete alice").
function buttonFor(label, subject, onClick) {
    const b = button(label, onClick);
    b.setAttribute('aria-label', label + ' ' + subject);
    return b;
}

// The rows, or one row saying that there are none.
function rowsOrNone(rows, text, columns) {
    if (rows.length) return rows;
    const none = document.createElement('tr');
    const empty = cell(text);
    empty.colSpan = columns;
    none.append(empty);
    return [none];
}

// Runs a change and reloads the section; a refusal is shown in the section's error line.
async function change(errorId, action, reload) {
    $(errorId).hidden = true;
    await busy('Saving…', async () => {
        try {
            await action();
            await reload();
        } catch (error) {
            $(errorId).textContent = error.message;
            $(errorId).hidden = false;
        }
    });
}

// Shows what the console is waiting for while a request runs.
async function busy(text, work) {
    const status = $('status');
    status.textContent = text;
    $('console-view').setAttribute('aria-busy', 'true');
    try {
        return await work();
    } finally {
        status.textContent = '';
        $('console-view').removeAttribute('aria-busy');
    }
}

const userPath = (username) => '/api/v1/admin/users/' + encodeURIComponent(username);

async function loadUsers() {
    const users = await newest('users', () => api('GET', '/api/v1/admin/users'));
    if (!users) return;
    const rows = users.map((user) => {
        const row = document.createElement('tr');
        row.dataset.username = user.username;
        const admin = user.roles.includes('admin');
        const role = document.createElement('select');
        role.setAttribute('aria-label', 'Role of ' + user.username);
        role.append(new Option('user', 'user', false, !admin), new Option('admin', 'admin', false, admin));
        role.addEventListener('change', () => change('users-error',
            () => api('PUT', userPath(user.username), { roles: [role.value] }), loadUsers));
        const roleCell = document.createElement('td');
        roleCell.append(role);
        row.append(cell(user.username), roleCell, cell(user.enabled ? 'yes' : 'no'), cell(user.createdAt));
        const actions = document.createElement('td');
        const forUser = (label, onClick) => buttonFor(label, user.username, onClick);
        actions.append(
            forUser(user.enabled ? 'Disable' : 'Enable', () => change('users-error',
                () => api('PUT', userPath(user.username), { enabled: !user.enabled }), loadUsers)),
            forUser('Tokens', () => change('users-error', () => showTokens(user.username), async () => {})),
            forUser('Delete', () => change('users-error', () => api('DELETE', userPath(user.username)), loadUsers)));
        row.append(actions);
        return row;
    });
    $('users-table').replaceChildren(...rows);
}

async function createUser(event) {
    event.preventDefault();
    await change('users-error', async () => {
        await api('POST', '/api/v1/admin/users', { username: $('new-username').value, password: $('new-password').value,
            roles: [$('new-role').value], enabled: true });
        $('new-username').value = '';
        $('new-password').value = '';
    }, loadUsers);
}

function hideNewToken() {
    $('new-token-value').textContent = '';
    $('new-token').hidden = true;
}

async function showTokens(username) {
    const tokens = await api('GET', userPath(username) + '/tokens');
    if ($('tokens-user').textContent !== username) hideNewToken();
    $('tokens-user').textContent = username;
    $('tokens-panel').hidden = false;
    const rows = tokens.map((token) => {
        const row = document.createElement('tr');
        row.dataset.token = token.name;
        row.append(cell(token.name), cell(token.createdAt), cell(token.expiresAt ?? 'never'), cell(token.lastUsedAt ?? 'never'));
        const actions = document.createElement('td');
        actions.append(button('Revoke', () => change('users-error',
            () => api('DELETE', userPath(username) + '/tokens/' + token.id), () => showTokens(username))));
        row.append(actions);
        return row;
    });
    $('tokens-table').replaceChildren(...rows);
}

async function issueToken(event) {
    event.preventDefault();
    const username = $('tokens-user').textContent;
    await change('users-error', async () => {
        const expires = $('new-token-expires').value;
        const issued = await api('POST', userPath(username) + '/tokens', { name: $('new-token-name').value,
            ...(expires ? { expiresAt: new Date(expires + 'T23:59:59Z').toISOString() } : {}) });
        // shown once, kept nowhere but on screen until the admin hides it or opens another user's tokens
        $('new-token-value').textContent = issued.token;
        $('new-token').hidden = false;
        $('new-token-name').value = '';
        $('new-token-expires').value = '';
    }, () => showTokens(username));
}

const settingPath = (key) => '/api/v1/admin/settings/' + encodeURIComponent(key);

function labelled(text, control) {
    const label = document.createElement('label');
    label.append(text, control);
    return label;
}

// A list editor for a comma-separated value: one chip per item with a remove button, and a field to add one.
function listEditor(setting, onEdit) {
    const items = (setting.value ?? '').split(',').map((item) => item.trim()).filter((item) => item);
    const box = document.createElement('div');
    box.className = 'list-editor';
    const list = document.createElement('ul');
    const render = () => list.replaceChildren(...items.map((item, index) => {
        const entry = document.createElement('li');
        entry.textContent = item;
        const remove = button('Remove', () => { items.splice(index, 1); render(); onEdit(); });
        remove.setAttribute('aria-label', 'Remove ' + item);
        entry.append(remove);
        return entry;
    }));
    render();
    const field = document.createElement('input');
    field.setAttribute('aria-label', 'New entry for ' + setting.key);
    const add = () => {
        if (!field.value.trim()) return;
        items.push(...field.value.split(',').map((item) => item.trim()).filter((item) => item));
        field.value = '';
        render();
        onEdit();
    };
    field.addEventListener('keydown', (event) => { if (event.key === 'Enter') { event.preventDefault(); add(); } });
    box.append(list, field, button('Add', add));
    return { element: box, value: () => items.join(',') };
}

// The input that edits one setting, by the type the catalogue gives; a secret is never shown, only replaced.
function settingEditor(setting, onEdit) {
    if (setting.input === 'list') return listEditor(setting, onEdit);
    let input;
    if (setting.input === 'choice') {
        input = document.createElement('select');
        for (const choice of setting.choices) input.append(new Option(choice, choice, false, choice === setting.value));
    } else {
        input = document.createElement('input');
        if (setting.input === 'boolean') {
            input.type = 'checkbox';
            input.setAttribute('role', 'switch');
            input.checked = (setting.value ?? '').toLowerCase() === 'true';
        } else if (setting.secret) {
            input.type = 'password';
            input.autocomplete = 'new-password';
            input.placeholder = setting.value ? 'set (type to replace)' : 'not set';
        } else {
            if (setting.input === 'integer' || setting.input === 'number') {
                input.type = 'number';
                input.min = setting.min;
                input.max = setting.max;
                input.step = setting.input === 'integer' ? '1' : 'any';
            }
            // a setting without a value comes without the field: show it empty, never as the text 'undefined'
            input.value = setting.value ?? '';
        }
    }
    input.setAttribute('aria-label', setting.key);
    input.addEventListener(input.type === 'checkbox' || input.tagName === 'SELECT' ? 'change' : 'input', onEdit);
    const value = () => input.type === 'checkbox' ? String(input.checked) : input.value;
    return { element: input, value };
}

function settingRow(setting) {
    const row = document.createElement('tr');
    row.dataset.key = setting.key;
    const name = document.createElement('td');
    const key = document.createElement('code');
    key.textContent = setting.key;
    const description = document.createElement('div');
    description.className = 'description';
    description.textContent = setting.description;
    name.append(key, description);
    const value = document.createElement('td');
    const actions = document.createElement('td');
    if (setting.locked) {
        value.textContent = setting.value ?? '';
        const reason = document.createElement('div');
        reason.className = 'description';
        reason.textContent = 'Locked: ' + setting.lockReason.replace(/^is /, '');
        value.append(reason);
    } else {
        // Save stays off until the admin changes the value, so nothing is sent that the admin did not enter
        const save = button('Save', () => change('settings-error',
            () => api('PUT', settingPath(setting.key), { value: editor.value() }), loadSettings));
        save.disabled = true;
        const editor = settingEditor(setting, () => { save.disabled = false; });
        value.append(editor.element);
        actions.append(save);
        if (setting.source === 'database') {
            actions.append(button('Reset to default', () => change('settings-error',
                () => api('DELETE', settingPath(setting.key)), loadSettings)));
        }
    }
    row.append(name, value, cell(setting.source), actions);
    return row;
}

// settings are grouped by the area their key names: lollmsbot.<area>.*
async function loadSettings() {
    const loaded = await newest('settings', () => Promise.all([api('GET', '/api/v1/admin/settings'),
        api('GET', '/api/v1/admin/settings/history?limit=50')]));
    if (!loaded) return;
    const [settings, changes] = loaded;
    $('settings-history').replaceChildren(...rowsOrNone(changes.map((change) => {
        const row = cells([change.changedAt, change.key, change.oldValue, change.newValue, change.changedBy]);
        row.dataset.change = change.id;
        return row;
    }), 'No changes yet.', 5));
    const areas = Map.groupBy(settings, (setting) => setting.key.split('.')[1]);
    $('settings-groups').replaceChildren(...[...areas].map(([area, entries]) => {
        const group = document.createElement('section');
        group.className = 'settings-area';
        const heading = document.createElement('h3');
        heading.textContent = area;
        const table = document.createElement('table');
        table.innerHTML = '<thead><tr><th>Setting</th><th>Value</th><th>Source</th><th></th></tr></thead>';
        const body = document.createElement('tbody');
        body.append(...entries.map(settingRow));
        table.append(body);
        group.append(heading, table);
        return group;
    }));
}

function cells(values) {
    const row = document.createElement('tr');
    for (const value of values) {
        const cell = document.createElement('td');
        cell.textContent = value === undefined || value === null ? '' : String(value);
        row.append(cell);
    }
    return row;
}

function guardianError(error) {
    $('guardian-error').textContent = error ? error.message : '';
    $('guardian-error').hidden = !error;
}

async function scan(event) {
    event.preventDefault();
    guardianError(null);
    try {
        const result = await api('POST', '/api/v1/admin/guardian/scan', { text: $('scan-text').value });
        const entries = [['verdict', result.verdict], ['score', result.score.toFixed(2)],
            ['rules', result.rules.join(', ') || '-'], ['categories', result.categories.join(', ') || '-']];
        $('scan-result').replaceChildren(...entries.flatMap(([name, value]) => {
            const term = document.createElement('dt');
            term.textContent = name;
            const description = document.createElement('dd');
            description.textContent = value;
            description.id = 'scan-' + name;
            return [term, description];
        }));
        await loadAudit();
    } catch (error) {
        guardianError(error);
    }
}

async function releaseUser(username) {
    guardianError(null);
    try {
        await api('DELETE', '/api/v1/admin/guardian/quarantine/' + encodeURIComponent(username));
        await loadQuarantine();
    } catch (error) {
        guardianError(error);
    }
}

async function quarantine(event) {
    event.preventDefault();
    guardianError(null);
    try {
        await api('PUT', '/api/v1/admin/guardian/quarantine/' + encodeURIComponent($('quarantine-user').value.trim()),
            { reason: $('quarantine-reason').value });
        $('quarantine-user').value = '';
        $('quarantine-reason').value = '';
        await loadQuarantine();
    } catch (error) {
        guardianError(error);
    }
}

async function loadQuarantine() {
    const entries = await newest('quarantine', () => api('GET', '/api/v1/admin/guardian/quarantine'));
    if (!entries) return;
    const rows = entries.map((entry) => {
        const row = cells([entry.username, entry.reason, entry.since, entry.by]);
        row.dataset.quarantined = entry.username;
        const release = button('Release', () => releaseUser(entry.username));
        release.setAttribute('aria-label', 'Release ' + entry.username);
        const actions = document.createElement('td');
        actions.append(release);
        row.append(actions);
        return row;
    });
    $('quarantine-table').replaceChildren(...rowsOrNone(rows, 'Nobody is quarantined.', 5));
}

// The newest AUDIT_ROWS entries matching the filters, shown AUDIT_PAGE at a time.
const AUDIT_ROWS = 1000;
const AUDIT_PAGE = 25;
const audit = { rows: [], page: 0 };

function renderAudit() {
    const pages = Math.max(1, Math.ceil(audit.rows.length / AUDIT_PAGE));
    audit.page = Math.min(Math.max(audit.page, 0), pages - 1);
    const shown = audit.rows.slice(audit.page * AUDIT_PAGE, (audit.page + 1) * AUDIT_PAGE);
    $('audit-table').replaceChildren(...shown.map((row) => cells([row.id, row.time, row.actor, row.type, row.target,
        row.verdict, row.score === undefined ? '' : row.score.toFixed(2), row.ruleIds.join(', '), row.contentLength])));
    $('audit-page').textContent = audit.rows.length
        ? 'Page ' + (audit.page + 1) + ' of ' + pages + ' (' + audit.rows.length + ' entries'
            + (audit.rows.length === AUDIT_ROWS ? ', the newest ' + AUDIT_ROWS + ' shown' : '') + ')'
        : 'No entries match.';
    $('audit-newer').disabled = audit.page === 0;
    $('audit-older').disabled = audit.page >= pages - 1;
}

async function loadAudit(event) {
    if (event) event.preventDefault();
    guardianError(null);
    const query = new URLSearchParams({ limit: String(AUDIT_ROWS) });
    for (const [name, id] of [['type', 'audit-type'], ['user', 'audit-user'], ['since', 'audit-since']]) {
        if ($(id).value.trim()) query.set(name, $(id).value.trim());
    }
    try {
        const rows = await newest('audit', () => api('GET', '/api/v1/admin/audit?' + query));
        if (!rows) return;
        audit.rows = rows;
        audit.page = 0;
        renderAudit();
    } catch (error) {
        guardianError(error);
    }
}

function turnAuditPage(step) {
    audit.page += step;
    renderAudit();
}

async function verifyChain() {
    const result = $('verify-result');
    result.textContent = 'Verifying…';
    result.className = '';
    try {
        const verification = await api('GET', '/api/v1/admin/audit/verify');
        result.textContent = verification.valid
            ? 'Chain valid: ' + verification.checked + ' rows checked.'
            : 'Chain broken at row ' + verification.firstBrokenId + ' (' + verification.checked + ' rows valid before it).';
        result.className = verification.valid ? 'valid' : 'invalid';
    } catch (error) {
        result.textContent = '';
        guardianError(error);
    }
}

async function checkpoint() {
    guardianError(null);
    try {
        const anchor = await api('POST', '/api/v1/admin/audit/checkpoint');
        $('audit-maintenance').textContent = anchor
            ? 'Checkpoint at entry ' + anchor.seq + ', head hash ' + anchor.rowHash.slice(0, 16) + '…, ' + anchor.anchoredAt + '.'
            : 'The log is empty: there is nothing to anchor.';
    } catch (error) {
        guardianError(error);
    }
}

async function applyRetention(event) {
    event.preventDefault();
    const days = $('retention-days').value;
    if (!confirm('Delete every audit entry older than ' + days + ' days? This cannot be undone.')) return;
    guardianError(null);
    try {
        const result = await api('POST', '/api/v1/admin/audit/retention', { olderThanDays: Number(days) });
        $('audit-maintenance').textContent = 'Deleted ' + result.deleted + ' entries older than ' + days + ' days'
            + (result.checkpointId ? ' (checkpoint ' + result.checkpointId + ' made first).' : '.');
        await loadAudit();
    } catch (error) {
        guardianError(error);
    }
}

async function loadGuardian() {
    await Promise.all([loadQuarantine(), loadAudit()]);
}

// The version diff of a page ('skill' or 'soul'): two selects, a button, and the lines added and removed.
const diffPaths = {};

// Offers the versions (newest first), by default the one before the newest against the newest.
function diffChoices(page, versions, path) {
    diffPaths[page] = path;
    const numbers = versions.map((version) => version.version);
    const choose = (id, chosen) => $(id).replaceChildren(...numbers.map((number) =>
        new Option(String(number), String(number), false, number === chosen)));
    choose(page + '-diff-from', numbers[Math.min(1, numbers.length - 1)]);
    choose(page + '-diff-to', numbers[0]);
    $(page + '-diff').replaceChildren();
}

const DIFF_CLASSES = { '+': 'added', '-': 'removed', ' ': 'kept' };

async function showDiff(page, errorId, event) {
    event.preventDefault();
    await change(errorId, async () => {
        const query = new URLSearchParams({ from: $(page + '-diff-from').value, to: $(page + '-diff-to').value });
        const diff = await api('GET', diffPaths[page] + '?' + query);
        const summary = document.createElement('p');
        summary.textContent = 'From version ' + diff.from + ' to version ' + diff.to + ': ' + diff.added
            + ' line(s) added, ' + diff.removed + ' removed.';
        const lines = document.createElement('ol');
        lines.append(...diff.lines.map((line) => {
            const item = document.createElement('li');
            item.className = DIFF_CLASSES[line.op];
            item.textContent = line.op + ' ' + line.text;
            return item;
        }));
        $(page + '-diff').replaceChildren(summary, lines);
    }, async () => {});
}

const skillPath = (name) => '/api/v1/admin/skills/' + encodeURIComponent(name);

// what an admin edits: the skill without the fields the server assigns
function definitionOf(skill) {
    const { version, semanticVersion, updatedAt, updatedBy, ...definition } = skill;
    return definition;
}

async function loadSkills() {
    const skills = await newest('skills', () => api('GET', '/api/v1/admin/skills'));
    if (!skills) return;
    $('skills-table').replaceChildren(...skills.map((skill) => {
        const row = cells([skill.name, skill.kind, skill.version + ' (' + skill.semanticVersion + ')',
            skill.enabled ? 'yes' : 'no', skill.allowedRoles.join(', ')]);
        row.dataset.skill = skill.name;
        const actions = document.createElement('td');
        actions.append(
            button('Edit', () => change('skills-error', async () => {
                $('skill-json').value = JSON.stringify(definitionOf(skill), null, 2);
                await showSkill(skill.name);
            }, async () => {})),
            button(skill.enabled ? 'Disable' : 'Enable', () => change('skills-error',
                () => api('PUT', skillPath(skill.name), { ...definitionOf(skill), enabled: !skill.enabled }), loadSkills)),
            button('Delete', () => change('skills-error', () => api('DELETE', skillPath(skill.name)), loadSkills)));
        row.append(actions);
        return row;
    }));
}

function parsed(text, what) {
    try {
        return JSON.parse(text);
    } catch {
        throw new Error(what + ' is not valid JSON.');
    }
}

async function saveSkill(event) {
    event.preventDefault();
    await change('skills-error', async () => {
        const definition = parsed($('skill-json').value, 'The definition');
        const exists = (await api('GET', '/api/v1/admin/skills')).some((skill) => skill.name === definition.name);
        await (exists ? api('PUT', skillPath(definition.name), definition) : api('POST', '/api/v1/admin/skills', definition));
        await showSkill(definition.name);
    }, loadSkills);
}

async function showSkill(name) {
    const [versions, runs] = await Promise.all([api('GET', skillPath(name) + '/versions'),
        api('GET', skillPath(name) + '/executions?limit=20')]);
    $('skill-name').textContent = name;
    $('skill-panel').hidden = false;
    $('versions-table').replaceChildren(...versions.map((version) => {
        const row = cells([version.version, version.semanticVersion, version.updatedAt, version.updatedBy]);
        const actions = document.createElement('td');
        actions.append(button('Roll back to this', () => change('skills-error',
            () => api('POST', skillPath(name) + '/rollback', { version: version.version }),
            async () => { await loadSkills(); await showSkill(name); })));
        row.append(actions);
        return row;
    }));
    diffChoices('skill', versions, skillPath(name) + '/diff');
    $('skill-runs').replaceChildren(...rowsOrNone(runs.map((run) => cells([run.startedAt, run.version, run.via,
        run.outcome, run.durationMs + ' ms', run.toolsUsed.join(', ')])), 'No runs yet.', 6));
}

async function exportSkills() {
    await change('skills-error', async () => {
        const exported = await api('GET', '/api/v1/admin/skills/export');
        $('skills-transfer').value = JSON.stringify(exported, null, 2);
        $('transfer-result').textContent = 'Exported ' + exported.skills.length + ' skills.';
    }, async () => {});
}

async function importSkills(event) {
    event.preventDefault();
    await change('skills-error', async () => {
        const imported = await api('POST', '/api/v1/admin/skills/import', parsed($('skills-transfer').value, 'The skills document'));
        const names = (list) => list.join(', ') || 'none';
        $('transfer-result').textContent = 'Created: ' + names(imported.created) + '. Updated: ' + names(imported.updated)
            + '. Unchanged: ' + names(imported.unchanged) + '.';
    }, loadSkills);
}

async function runSkill(event) {
    event.preventDefault();
    await change('skills-error', async () => {
        const inputs = parsed($('run-inputs').value, 'The inputs');
        const result = await api('POST', '/api/v1/skills/' + encodeURIComponent($('skill-name').textContent) + '/run', { inputs });
        $('run-result').textContent = JSON.stringify(result, null, 2);
    }, async () => {});
}

const soulPath = '/api/v1/admin/soul';
const soul = { version: null, previews: 0 };

// The persona as people read it: Markdown rendered by marked and sanitised by DOMPurify into a DOM fragment (the same
// vendored libraries as the web chat; nothing is assigned to innerHTML). Raw HTML in the persona is shown as text:
// a persona needs none, and Chromium reports every inline handler it parses as a CSP violation, even in an inert
// document, so escaping it keeps the console clean; DOMPurify still drops what Markdown itself can carry (javascript: links).
marked.use({ renderer: { html: ({ text }) => new Option(text).innerHTML } });

function renderPersona() {
    $('soul-rendered').replaceChildren(
        DOMPurify.sanitize(marked.parse($('soul-markdown').value), { RETURN_DOM_FRAGMENT: true }));
}

// Only the answer to the newest preview request is shown: an older one may arrive after it.
async function previewSoul() {
    renderPersona();
    const request = ++soul.previews;
    const preview = await api('POST', soulPath + '/preview', { markdown: $('soul-markdown').value });
    if (request === soul.previews) $('soul-preview').textContent = preview.systemPrompt;
}

async function loadSoul() {
    const loaded = await newest('soul', () => Promise.all([api('GET', soulPath), api('GET', soulPath + '/versions')]));
    if (!loaded) return;
    const [current, versions] = loaded;
    soul.version = current.version;
    $('soul-markdown').value = current.markdown;
    $('soul-version').textContent = 'Version ' + current.version + ' by ' + current.createdBy + ', ' + current.createdAt
        + (current.restoredFrom ? ' (restored from ' + current.restoredFrom + ')' : '');
    $('soul-versions').replaceChildren(...versions.map((version) => {
        const row = cells([version.version, version.createdAt, version.createdBy, version.restoredFrom]);
        row.dataset.version = version.version;
        const actions = document.createElement('td');
        if (version.version !== current.version) {
            actions.append(button('Roll back to this', () => change('soul-error',
                () => api('POST', soulPath + '/rollback', { version: version.version }), loadSoul)));
        }
        row.append(actions);
        return row;
    }));
    diffChoices('soul', versions, soulPath + '/diff');
    await previewSoul();
}

async function saveSoul(event) {
    event.preventDefault();
    // the version read is sent back, so a concurrent edit is refused (409) instead of overwritten
    await change('soul-error', () => api('PUT', soulPath, { markdown: $('soul-markdown').value, version: soul.version }), loadSoul);
}

const heartbeatPath = '/api/v1/admin/heartbeat';

const runCells = (run) => run ? [run.startedAt, run.durationMs + ' ms', run.outcome, run.detail] : ['never', '', '', ''];

async function loadHeartbeat() {
    const loaded = await newest('heartbeat',
        () => Promise.all([api('GET', heartbeatPath), api('GET', heartbeatPath + '/runs?limit=20')]));
    if (!loaded) return;
    const [status, runs] = loaded;
    $('heartbeat-tasks').replaceChildren(...status.tasks.map((task) => {
        const row = cells([task.name, task.description, task.schedule, task.enabled ? 'yes' : 'no', ...runCells(task.lastRun)]);
        row.dataset.task = task.name;
        const actions = document.createElement('td');
        const run = button('Run now', () => change('heartbeat-error', async () => {
            const result = await api('POST', heartbeatPath + '/' + encodeURIComponent(task.name) + '/run');
            $('heartbeat-result').textContent = task.name + ': ' + result.outcome + ' in ' + result.durationMs + ' ms. '
                + (result.detail ?? '');
        }, loadHeartbeat));
        run.setAttribute('aria-label', 'Run ' + task.name + ' now');
        actions.append(run);
        row.append(actions);
        return row;
    }));
    $('heartbeat-runs').replaceChildren(...runs.map((run) => {
        const row = cells([run.id, run.task, run.trigger, run.node, ...runCells(run)]);
        row.dataset.run = run.id;
        return row;
    }));
}

function checkbox(label, checked, onChange) {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = checked;
    box.addEventListener('change', onChange);
    return { box, label: labelled(label, box) };
}

async function loadTools() {
    const tools = await newest('tools', () => api('GET', '/api/v1/admin/tools'));
    if (!tools) return;
    $('tools-table').replaceChildren(...tools.map((tool) => {
        const row = cells([tool.name, tool.description, tool.enabled ? 'yes' : 'no']);
        row.dataset.tool = tool.name;
        const save = button('Save', () => change('tools-error', () => api('PUT', '/api/v1/admin/tools/' + encodeURIComponent(tool.name), {
            allowedRoles: ['user', 'admin'].filter((role) => roles[role].box.checked),
            requiresApproval: approval.box.checked }), loadTools));
        save.disabled = true;
        const edited = () => { save.disabled = false; };
        const roles = Object.fromEntries(['user', 'admin'].map((role) =>
            [role, checkbox(role, tool.allowedRoles.includes(role), edited)]));
        const approval = checkbox('requires approval', tool.requiresApproval, edited);
        const roleCell = document.createElement('td');
        roleCell.className = 'checks';
        roleCell.append(roles.user.label, roles.admin.label);
        const approvalCell = document.createElement('td');
        approvalCell.append(approval.label);
        const actions = document.createElement('td');
        actions.append(save);
        row.append(roleCell, approvalCell, actions);
        return row;
    }));
}

const webhookPath = '/api/v1/admin/webhooks';

function hideWebhookSecret() {
    $('new-webhook-secret').textContent = '';
    $('new-webhook').hidden = true;
}

async function loadWebhooks() {
    const webhooks = await newest('webhooks', () => api('GET', webhookPath));
    if (!webhooks) return;
    if (!webhooks.some((webhook) => webhook.url === $('deliveries-url').textContent)) $('deliveries-panel').hidden = true;
    $('webhooks-table').replaceChildren(...rowsOrNone(webhooks.map((webhook) => {
        const row = cells([webhook.url, webhook.events.join(', '), webhook.createdAt, webhook.createdBy]);
        row.dataset.webhook = webhook.url;
        const actions = document.createElement('td');
        actions.append(
            buttonFor('Deliveries', webhook.url, () => change('channels-error', () => showDeliveries(webhook), async () => {})),
            buttonFor('Delete', webhook.url, () => change('channels-error',
                () => api('DELETE', webhookPath + '/' + webhook.id), loadWebhooks)));
        row.append(actions);
        return row;
    }), 'No webhooks.', 5));
}

async function showDeliveries(webhook) {
    const deliveries = await api('GET', webhookPath + '/' + webhook.id + '/deliveries?limit=50');
    $('deliveries-url').textContent = webhook.url;
    $('deliveries-panel').hidden = false;
    $('deliveries-table').replaceChildren(...rowsOrNone(deliveries.map((delivery) => {
        const last = delivery.history[delivery.history.length - 1];
        return cells([delivery.id, delivery.event, delivery.status, delivery.attempts, delivery.createdAt,
            delivery.deliveredAt, delivery.nextAttemptAt,
            last ? (last.httpStatus || 'no answer') + (last.error ? ': ' + last.error : '') : '']);
    }), 'No deliveries yet.', 8));
}

async function createWebhook(event) {
    event.preventDefault();
    await change('channels-error', async () => {
        const created = await api('POST', webhookPath, { url: $('webhook-url').value.trim(),
            events: $('webhook-events').value.split(',').map((name) => name.trim()).filter((name) => name) });
        // shown once, kept nowhere but on screen until the admin hides it
        $('new-webhook-secret').textContent = created.secret;
        $('new-webhook').hidden = false;
        $('webhook-url').value = '';
        $('webhook-events').value = '';
    }, loadWebhooks);
}

const channelUsersPath = () => '/api/v1/admin/channels/' + encodeURIComponent($('channel-name').value) + '/users';

async function loadChannelUsers() {
    const mappings = await newest('channel-users', () => api('GET', channelUsersPath()));
    if (!mappings) return;
    $('channel-users-table').replaceChildren(...rowsOrNone(mappings.map((mapping) => {
        const row = cells([mapping.externalId, mapping.username]);
        row.dataset.externalId = mapping.externalId;
        const actions = document.createElement('td');
        actions.append(buttonFor('Unmap', mapping.externalId, () => change('channels-error',
            () => api('DELETE', channelUsersPath() + '/' + encodeURIComponent(mapping.externalId)), loadChannelUsers)));
        row.append(actions);
        return row;
    }), 'No users mapped on this channel.', 3));
}

async function mapChannelUser(event) {
    event.preventDefault();
    await change('channels-error', async () => {
        await api('PUT', channelUsersPath() + '/' + encodeURIComponent($('map-external-id').value.trim()),
            { username: $('map-username').value.trim() });
        $('map-external-id').value = '';
        $('map-username').value = '';
    }, loadChannelUsers);
}

async function loadChannels() {
    hideWebhookSecret();
    await Promise.all([loadWebhooks(), loadChannelUsers()]);
}

const sections = { overview: loadOverview, users: loadUsers, settings: loadSettings, guardian: loadGuardian, skills: loadSkills,
    soul: loadSoul, heartbeat: loadHeartbeat, tools: loadTools, channels: loadChannels };

async function openSection(name) {
    for (const button of document.querySelectorAll('nav button')) {
        button.classList.toggle('active', button.dataset.section === name);
    }
    for (const key of Object.keys(sections)) {
        $('section-' + key).hidden = key !== name;
    }
    if (name !== 'overview') stopMetrics();
    $('section-error').hidden = true;
    await busy('Loading…', async () => {
        try {
            await sections[name]();
        } catch (error) {
            $('section-error').textContent = 'Could not load this page: ' + error.message;
            $('section-error').hidden = false;
        }
    });
}

document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', login);
    $('logout').addEventListener('click', logout);
    $('new-user-form').addEventListener('submit', createUser);
    $('new-token-form').addEventListener('submit', issueToken);
    $('hide-token').addEventListener('click', hideNewToken);
    $('quarantine-form').addEventListener('submit', quarantine);
    $('audit-newer').addEventListener('click', () => turnAuditPage(-1));
    $('audit-older').addEventListener('click', () => turnAuditPage(1));
    $('scan-form').addEventListener('submit', scan);
    $('audit-form').addEventListener('submit', loadAudit);
    $('verify-chain').addEventListener('click', verifyChain);
    $('skill-form').addEventListener('submit', saveSkill);
    $('run-form').addEventListener('submit', runSkill);
    $('soul-form').addEventListener('submit', saveSoul);
    $('soul-preview-button').addEventListener('click', () => change('soul-error', previewSoul, async () => {}));
    $('soul-markdown').addEventListener('input', renderPersona);
    $('skill-diff-form').addEventListener('submit', (event) => showDiff('skill', 'skills-error', event));
    $('soul-diff-form').addEventListener('submit', (event) => showDiff('soul', 'soul-error', event));
    $('export-skills').addEventListener('click', exportSkills);
    $('transfer-form').addEventListener('submit', importSkills);
    $('audit-checkpoint').addEventListener('click', checkpoint);
    $('retention-form').addEventListener('submit', applyRetention);
    $('new-webhook-form').addEventListener('submit', createWebhook);
    $('hide-webhook-secret').addEventListener('click', hideWebhookSecret);
    $('channel-name').addEventListener('change', () => change('channels-error', async () => {}, loadChannelUsers));
    $('map-user-form').addEventListener('submit', mapChannelUser);
    for (const button of document.querySelectorAll('nav button')) {
        button.addEventListener('click', () => openSection(button.dataset.section));
    }
    offerSingleSignOn('console');
    resume();
});
