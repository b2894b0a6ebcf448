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
    const users = await api('GET', '/api/v1/admin/users');
    const rows = users.map((user) => {
        const row = document.createElement('tr');
        row.dataset.username = user.username;
        row.append(cell(user.username), cell(user.roles.join(', ')), cell(user.enabled ? 'yes' : 'no'), cell(user.createdAt));
        const actions = document.createElement('td');
        actions.append(
            button(user.enabled ? 'Disable' : 'Enable', () => change('users-error',
                () => api('PUT', userPath(user.username), { enabled: !user.enabled }), loadUsers)),
            button('Tokens', () => change('users-error', () => showTokens(user.username), async () => {})),
            button('Delete', () => change('users-error', () => api('DELETE', userPath(user.username)), loadUsers)));
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

async function showTokens(username) {
    const tokens = await api('GET', userPath(username) + '/tokens');
    $('tokens-user').textContent = username;
    $('tokens-panel').hidden = false;
    const rows = tokens.map((token) => {
        const row = document.createElement('tr');
        row.append(cell(token.name), cell(token.createdAt), cell(token.expiresAt), cell(token.lastUsedAt));
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
        const issued = await api('POST', userPath(username) + '/tokens', { name: $('new-token-name').value });
        // shown once, kept nowhere but on screen
        $('new-token').textContent = 'New token (copy it now, it is not shown again): ' + issued.token;
        $('new-token').hidden = false;
        $('new-token-name').value = '';
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
    const settings = await api('GET', '/api/v1/admin/settings');
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

async function release(username) {
    guardianError(null);
    try {
        await api('DELETE', '/api/v1/admin/guardian/quarantine/' + encodeURIComponent(username));
        await loadQuarantine();
    } catch (error) {
        guardianError(error);
    }
}

async function loadQuarantine() {
    const entries = await api('GET', '/api/v1/admin/guardian/quarantine');
    $('quarantine-table').replaceChildren(...entries.map((entry) => {
        const row = cells([entry.username, entry.reason, entry.since, entry.by]);
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = 'Release';
        button.addEventListener('click', () => release(entry.username));
        const cell = document.createElement('td');
        cell.append(button);
        row.append(cell);
        return row;
    }));
}

async function loadAudit(event) {
    if (event) event.preventDefault();
    guardianError(null);
    const query = new URLSearchParams({ limit: '50' });
    for (const [name, id] of [['type', 'audit-type'], ['user', 'audit-user'], ['since', 'audit-since']]) {
        if ($(id).value.trim()) query.set(name, $(id).value.trim());
    }
    try {
        const rows = await api('GET', '/api/v1/admin/audit?' + query);
        $('audit-table').replaceChildren(...rows.map((row) => cells([row.id, row.time, row.actor, row.type, row.target,
            row.verdict, row.score === undefined ? '' : row.score.toFixed(2), row.ruleIds.join(', '), row.contentLength])));
    } catch (error) {
        guardianError(error);
    }
}

async function verifyChain() {
    const result = $('verify-result');
    try {
        const verification = await api('GET', '/api/v1/admin/audit/verify');
        result.textContent = verification.valid
            ? 'Chain valid: ' + verification.checked + ' rows checked.'
            : 'Chain broken at row ' + verification.firstBrokenId + ' (' + verification.checked + ' rows valid before it).';
        result.className = verification.valid ? 'valid' : 'invalid';
    } catch (error) {
        guardianError(error);
    }
}

async function loadGuardian() {
    await Promise.all([loadQuarantine(), loadAudit()]);
}

const skillPath = (name) => '/api/v1/admin/skills/' + encodeURIComponent(name);

// what an admin edits: the skill without the fields the server assigns
function definitionOf(skill) {
    const { version, semanticVersion, updatedAt, updatedBy, ...definition } = skill;
    return definition;
}

async function loadSkills() {
    const skills = await api('GET', '/api/v1/admin/skills');
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
    const versions = await api('GET', skillPath(name) + '/versions');
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
const soul = { version: null };

async function previewSoul() {
    const preview = await api('POST', soulPath + '/preview', { markdown: $('soul-markdown').value });
    $('soul-preview').textContent = preview.systemPrompt;
}

async function loadSoul() {
    const [current, versions] = await Promise.all([api('GET', soulPath), api('GET', soulPath + '/versions')]);
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
    const [status, runs] = await Promise.all([api('GET', heartbeatPath), api('GET', heartbeatPath + '/runs?limit=20')]);
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
    const tools = await api('GET', '/api/v1/admin/tools');
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

const sections = { overview: loadOverview, users: loadUsers, settings: loadSettings, guardian: loadGuardian, skills: loadSkills,
    soul: loadSoul, heartbeat: loadHeartbeat, tools: loadTools };

async function openSection(name) {
    for (const button of document.querySelectorAll('nav button')) {
        button.classList.toggle('active', button.dataset.section === name);
    }
    for (const key of Object.keys(sections)) {
        $('section-' + key).hidden = key !== name;
    }
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
    $('scan-form').addEventListener('submit', scan);
    $('audit-form').addEventListener('submit', loadAudit);
    $('verify-chain').addEventListener('click', verifyChain);
    $('skill-form').addEventListener('submit', saveSkill);
    $('run-form').addEventListener('submit', runSkill);
    $('soul-form').addEventListener('submit', saveSoul);
    $('soul-preview-button').addEventListener('click', () => change('soul-error', previewSoul, async () => {}));
    for (const button of document.querySelectorAll('nav button')) {
        button.addEventListener('click', () => openSection(button.dataset.section));
    }
    show(false);
});
