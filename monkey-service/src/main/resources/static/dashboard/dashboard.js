// The fleet dashboard. Plain JavaScript on purpose: one page, a few tables and a list,
// updated in place. Every row and cell is created once and then only the values that
// changed are written, so 300 nodes and a busy event stream cost a few DOM writes per
// second, never a re-render of the page.
(function () {
  'use strict';

  const POLL_MS = 2000;
  const MONKEYS_MS = 5000;
  const HISTORY = 60;
  const MAX_EVENTS = 200;
  const STALE_MS = 5000;
  // The states each node action may start from (the API checks them again).
  const ACTIONS = [
    ['drain', 'Drain', ['ACTIVE']],
    ['restore', 'Restore', ['DRAINING']],
    ['reboot', 'Reboot', ['ACTIVE', 'DRAINING']],
    ['quarantine', 'Quarantine', ['JOINING', 'ACTIVE', 'DRAINING', 'REBOOTING', 'RECOVERING', 'MIGRATING']],
    ['release', 'Release', ['QUARANTINED']],
    ['terminate', 'Terminate', ['ACTIVE', 'DRAINING']],
  ];

  let session = null;
  const pools = new Map();
  const nodes = new Map();
  let newestEvent = null;

  // --- talking to the API -------------------------------------------------------------

  async function api(method, path, body) {
    const headers = { Accept: 'application/json, application/problem+json' };
    if (method !== 'GET' && session && session.csrf) {
      headers[session.csrf.name] = session.csrf.token;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (response.status === 401) {
      window.location.assign('/login.html');
      throw new Error('signed out');
    }
    let json = null;
    try { json = await response.json(); } catch (e) { json = null; }
    return { ok: response.ok, status: response.status, json };
  }

  // web-2 before web-10.
  function byName(a, b) {
    return a.localeCompare(b, 'en', { numeric: true });
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([key, value]) => {
      if (key === 'class') node.className = value;
      else if (key.startsWith('data-')) node.setAttribute(key, value);
      else node[key] = value;
    });
    children.forEach((child) => node.append(child));
    return node;
  }

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  function toast(text, bad) {
    const box = document.getElementById('toast');
    box.textContent = text;
    box.className = bad ? 'toast bad' : 'toast';
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.hidden = true; }, 6000);
  }

  // --- confirmation ---------------------------------------------------------------------

  function confirmAction(text) {
    const dialog = document.getElementById('confirm');
    document.getElementById('confirm-text').textContent = text;
    const reason = document.getElementById('confirm-reason');
    reason.value = '';
    return new Promise((resolve) => {
      const ok = document.getElementById('confirm-ok');
      const cancel = document.getElementById('confirm-cancel');
      const done = (confirmed) => {
        ok.removeEventListener('click', onOk);
        cancel.removeEventListener('click', onCancel);
        dialog.close();
        resolve({ confirmed, reason: reason.value.trim() });
      };
      const onOk = (event) => { event.preventDefault(); done(true); };
      const onCancel = () => done(false);
      ok.addEventListener('click', onOk);
      cancel.addEventListener('click', onCancel);
      dialog.showModal();
    });
  }

  async function act(what, path) {
    const answer = await confirmAction(what + '?');
    if (!answer.confirmed) return;
    const result = await api('POST', path, answer.reason ? { reason: answer.reason } : {});
    const body = result.json || {};
    if (result.ok) {
      toast(what + ': ' + (body.why || body.status || 'done'));
    } else {
      toast(what + ' refused' + (body.guard ? ' by ' + body.guard : '') + ': ' + (body.detail || result.status), true);
    }
    refreshFleet(false);
  }

  // --- the monkeys ----------------------------------------------------------------------

  const monkeyCards = new Map();

  async function refreshMonkeys() {
    const result = await api('GET', '/api/monkeys');
    if (!result.ok) return;
    const status = result.json;
    const leader = status.leader;
    setText(document.getElementById('leader'), leader
      ? 'acting replica ' + leader.replicaId + ', last tick ' + ((status.leaderTickAgeMillis || 0) / 1000).toFixed(1) + ' s ago'
      : 'no replica is acting');
    const box = document.getElementById('monkeys');
    status.monkeys.forEach((monkey) => {
      let card = monkeyCards.get(monkey.name);
      if (!card) {
        card = { root: el('div', { class: 'monkey', 'data-monkey': monkey.name }) };
        card.name = el('div', { class: 'name' }, monkey.name);
        card.mode = el('div', { class: 'mode' });
        card.breakers = el('div', { class: 'muted' });
        card.root.append(card.name, card.mode, card.breakers);
        card.root.title = monkey.does;
        if (session.operator) {
          const acts = el('div', { class: 'acts' });
          [['arm', 'Arm'], ['dry-run', 'Dry-run'], ['disarm', 'Off']].forEach(([action, label]) => {
            const button = el('button', { type: 'button', 'data-action': action }, label);
            button.addEventListener('click', () => act(label + ' the ' + monkey.name + ' monkey',
              '/api/monkeys/' + encodeURIComponent(monkey.name) + '/' + action));
            acts.append(button);
          });
          card.root.append(acts);
        }
        monkeyCards.set(monkey.name, card);
        box.append(card.root);
      }
      const mode = !monkey.enabled ? 'off' : monkey.dryRun ? 'dry-run' : 'armed';
      setText(card.mode, mode);
      card.mode.className = 'mode badge';
      card.root.dataset.mode = mode;
      setText(card.breakers, monkey.openBreakers.length ? 'breaker open: ' + monkey.openBreakers.join(', ') : 'breakers closed');
    });
  }

  // --- the fleet ------------------------------------------------------------------------

  function poolSection(name) {
    let pool = pools.get(name);
    if (pool) return pool;
    pool = { name };
    pool.root = el('section', { class: 'pool', id: 'pool-' + name, 'data-pool': name });
    pool.title = el('h2', {}, name);
    pool.summary = el('span', { class: 'muted' });
    pool.breaker = el('span', { class: 'badge' });
    const head = el('div', { class: 'pool-head' }, pool.title, pool.summary, pool.breaker);
    if (session.operator) {
      const acts = el('div', { class: 'acts' });
      const launch = el('button', { type: 'button', 'data-action': 'launch' }, 'Launch a node');
      launch.addEventListener('click', () => act('Launch a node in pool ' + name, '/api/pools/' + encodeURIComponent(name) + '/launch'));
      const restart = el('button', { type: 'button', 'data-action': 'rolling-restart' }, 'Rolling restart');
      restart.addEventListener('click', () => act('Restart pool ' + name + ' one node at a time',
        '/api/pools/' + encodeURIComponent(name) + '/rolling-restart'));
      acts.append(launch, restart);
      head.append(acts);
    }
    const columns = ['node', 'state', 'CPU', 'memory', 'heartbeat', 'req/s', 'p95', 'errors'];
    if (session.operator) columns.push('');
    const headRow = el('tr', {});
    columns.forEach((column) => headRow.append(el('th', {}, column)));
    pool.body = el('tbody', {});
    pool.root.append(head, el('table', {}, el('thead', {}, headRow), pool.body));
    // Pools in name order, however they arrive.
    const container = document.getElementById('pools');
    const after = [...pools.keys()].filter((other) => byName(other, name) > 0).sort(byName)[0];
    container.insertBefore(pool.root, after ? pools.get(after).root : null);
    pools.set(name, pool);
    return pool;
  }

  function sparkline() {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('viewBox', '0 0 70 18');
    svg.setAttribute('preserveAspectRatio', 'none');
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    svg.append(line);
    return { svg, line };
  }

  function drawSparkline(spark, values) {
    if (values.length < 2) return;
    const step = 70 / (HISTORY - 1);
    const offset = (HISTORY - values.length) * step;
    const points = values.map((value, i) => (offset + i * step).toFixed(1) + ',' + (18 - (value / 100) * 17).toFixed(1)).join(' ');
    if (spark.line.getAttribute('points') !== points) spark.line.setAttribute('points', points);
  }

  function nodeRow(view) {
    const pool = poolSection(view.pool);
    const row = { id: view.id, pool: view.pool, cpu: [], memory: [], sequence: null };
    row.tr = el('tr', { id: 'node-' + view.id, 'data-node': view.id });
    row.name = el('td', {}, view.id);
    row.name.title = view.address;
    row.state = el('span', { class: 'state' });
    row.cpuText = el('span', {});
    row.cpuSpark = sparkline();
    row.memoryText = el('span', {});
    row.memorySpark = sparkline();
    row.heartbeat = el('td', { class: 'num' });
    row.rps = el('td', { class: 'num' });
    row.p95 = el('td', { class: 'num' });
    row.errors = el('td', { class: 'num' });
    const cpuCell = el('td', { class: 'num' }, row.cpuText, row.cpuSpark.svg);
    const memoryCell = el('td', { class: 'num' }, row.memoryText, row.memorySpark.svg);
    row.tr.append(row.name, el('td', {}, row.state), cpuCell, memoryCell, row.heartbeat, row.rps, row.p95, row.errors);
    if (session.operator) {
      const cell = el('td', { class: 'acts' });
      row.buttons = ACTIONS.map(([action, label, from]) => {
        const button = el('button', { type: 'button', 'data-action': action }, label);
        button.addEventListener('click', () => act(label + ' node ' + view.id,
          '/api/nodes/' + encodeURIComponent(view.id) + '/' + action));
        cell.append(button);
        return { button, from };
      });
      row.tr.append(cell);
    }
    // Rows in id order within their pool.
    const after = [...pool.body.children].find((tr) => byName(tr.dataset.node, view.id) > 0);
    pool.body.insertBefore(row.tr, after || null);
    nodes.set(view.id, row);
    return row;
  }

  function showState(row, state) {
    const shown = state || 'UNKNOWN';
    if (row.state.dataset.state === shown) return;
    row.state.dataset.state = shown;
    row.state.textContent = shown;
    row.state.className = 'state state-' + shown;
    if (row.buttons) row.buttons.forEach(({ button, from }) => { button.disabled = !from.includes(shown); });
  }

  function updateRow(view) {
    let row = nodes.get(view.id);
    if (row && row.pool !== view.pool) {
      row.tr.remove();
      nodes.delete(view.id);
      row = null;
    }
    if (!row) row = nodeRow(view);
    showState(row, view.state);
    const sample = view.sample;
    if (view.history && row.cpu.length === 0) {
      row.cpu = view.history.cpuPercent.slice(-HISTORY);
      row.memory = view.history.memoryPercent.slice(-HISTORY);
      row.sequence = sample ? sample.sequence + '@' + sample.sampledAt : null;
    } else if (sample && row.sequence !== sample.sequence + '@' + sample.sampledAt) {
      row.sequence = sample.sequence + '@' + sample.sampledAt;
      row.cpu.push(sample.cpuPercent);
      row.memory.push(sample.memoryPercent);
      if (row.cpu.length > HISTORY) row.cpu.shift();
      if (row.memory.length > HISTORY) row.memory.shift();
    }
    setText(row.cpuText, sample ? sample.cpuPercent.toFixed(0) + '%' : '–');
    setText(row.memoryText, sample ? sample.memoryPercent.toFixed(0) + '%' : '–');
    drawSparkline(row.cpuSpark, row.cpu);
    drawSparkline(row.memorySpark, row.memory);
    const age = view.heartbeatAgeMillis;
    setText(row.heartbeat, age === null || age === undefined ? 'none' : (age / 1000).toFixed(1) + ' s');
    const stale = age === null || age === undefined || age > STALE_MS;
    if (row.heartbeat.classList.contains('stale') !== stale) row.heartbeat.classList.toggle('stale', stale);
    const traffic = view.traffic;
    setText(row.rps, traffic ? traffic.requestsPerSecond.toFixed(1) : '–');
    setText(row.p95, traffic ? traffic.p95Millis.toFixed(0) + ' ms' : '–');
    setText(row.errors, traffic ? traffic.errorsPerSecond.toFixed(1) + '/s (' + traffic.errorPercent.toFixed(1) + '%)' : '–');
  }

  async function refreshFleet(withHistory) {
    const [poolsResult, nodesResult] = await Promise.all([
      api('GET', '/api/pools'), api('GET', '/api/nodes' + (withHistory ? '?history=true' : '')),
    ]);
    if (poolsResult.ok) {
      poolsResult.json.forEach((view) => {
        const pool = poolSection(view.name);
        const size = view.defined ? ', min ' + view.minSize + ', max ' + view.maxSize : ', no definition';
        setText(pool.summary, view.nodes + ' node(s)' + size);
        setText(pool.breaker, view.breakerOpen ? 'breaker OPEN' : 'breaker closed');
        pool.breaker.dataset.open = String(view.breakerOpen);
      });
    }
    if (nodesResult.ok) {
      const seen = new Set();
      nodesResult.json.forEach((view) => { seen.add(view.id); updateRow(view); });
      [...nodes.keys()].filter((id) => !seen.has(id)).forEach((id) => {
        nodes.get(id).tr.remove();
        nodes.delete(id);
      });
      document.body.dataset.nodes = String(nodes.size);
    }
  }

  // --- the events -----------------------------------------------------------------------

  function eventItem(event) {
    const when = new Date(event.time).toLocaleTimeString();
    const subject = event.nodeId ? event.nodeId : event.pool ? 'pool ' + event.pool : 'fleet';
    const item = el('li', { 'data-type': event.type, 'data-id': event.id },
      el('span', { class: 'when' }, when + ' '), el('span', { class: 'type' }, event.type), ' ' + subject + ': ' + event.reason,
      el('div', { class: 'muted' }, event.actor));
    return item;
  }

  function addEvent(event, live) {
    const list = document.getElementById('events');
    const item = eventItem(event);
    if (live) list.prepend(item); else list.append(item);
    while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
    if (live && event.type === 'NODE_STATE_CHANGED' && event.nodeId && event.evidence && event.evidence.to) {
      const row = nodes.get(event.nodeId);
      if (row) showState(row, event.evidence.to);
    }
  }

  async function startEvents() {
    const result = await api('GET', '/api/events?limit=100');
    if (result.ok) {
      result.json.events.forEach((event) => addEvent(event, false));
      if (result.json.events.length) newestEvent = result.json.events[0].id;
    }
    const live = document.getElementById('live');
    const source = new EventSource('/api/events/stream' + (newestEvent ? '?after=' + encodeURIComponent(newestEvent) : ''));
    source.addEventListener('open', () => { live.textContent = 'live'; live.dataset.live = 'true'; });
    source.addEventListener('error', () => { live.textContent = 'reconnecting'; live.dataset.live = 'false'; });
    source.addEventListener('fleet-event', (message) => addEvent(JSON.parse(message.data), true));
  }

  // --- start ----------------------------------------------------------------------------

  async function start() {
    const result = await api('GET', '/api/session');
    session = result.json;
    setText(document.getElementById('user'), session.user);
    setText(document.getElementById('role'), session.role.toLowerCase());
    document.body.dataset.role = session.role.toLowerCase();
    if (session.csrf) {
      // The form sends it as the _csrf parameter; scripts send it as a header.
      document.getElementById('logout-csrf').value = session.csrf.token;
    }
    await Promise.all([refreshMonkeys(), refreshFleet(true)]);
    await startEvents();
    document.body.dataset.ready = 'true';
    setInterval(() => refreshFleet(false).catch(() => {}), POLL_MS);
    setInterval(() => refreshMonkeys().catch(() => {}), MONKEYS_MS);
  }

  start().catch((error) => toast('The dashboard could not start: ' + error.message, true));
})();
