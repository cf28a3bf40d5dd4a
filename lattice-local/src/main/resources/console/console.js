// The console: live requests (server-sent events), the allow matrix, health. Every value
// from a request is set as text, never as HTML: paths and headers come from strangers.
(function () {
  'use strict';

  const MAX_ROWS = 500;
  const requests = [];
  const known = { service: new Set(), caller: new Set() };
  let selected = null;

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function shortTime(iso) {
    return iso && iso.length > 19 ? iso.substring(11, 23) : iso;
  }

  // Tabs
  document.querySelectorAll('.tab').forEach((tab) => {
    tab.addEventListener('click', (event) => {
      event.preventDefault();
      document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t === tab));
      document.querySelectorAll('.view').forEach((v) => v.classList.toggle('active', v.id === tab.dataset.view));
    });
  });

  // Requests
  const filters = {
    service: document.getElementById('filter-service'),
    caller: document.getElementById('filter-caller'),
    decision: document.getElementById('filter-decision'),
  };
  Object.values(filters).forEach((select) => select.addEventListener('change', render));

  function remember(kind, value) {
    if (!value || known[kind].has(value)) {
      return;
    }
    known[kind].add(value);
    filters[kind].appendChild(el('option', value));
  }

  function matches(request) {
    return (!filters.service.value || request.service === filters.service.value)
      && (!filters.caller.value || request.callerName === filters.caller.value)
      && (!filters.decision.value || request.decision === filters.decision.value);
  }

  function add(request) {
    if (requests.some((r) => r.sequence === request.sequence)) {
      return;
    }
    requests.push(request);
    if (requests.length > MAX_ROWS) {
      requests.shift();
    }
    remember('service', request.service);
    remember('caller', request.callerName);
  }

  function row(request) {
    const tr = el('tr');
    tr.dataset.sequence = request.sequence;
    tr.dataset.service = request.service;
    tr.dataset.caller = request.callerName;
    tr.dataset.decision = request.decision;
    tr.dataset.path = request.path;
    tr.appendChild(el('td', shortTime(request.time)));
    tr.appendChild(el('td', request.callerName));
    tr.appendChild(el('td', request.service));
    tr.appendChild(el('td', request.method));
    tr.appendChild(el('td', request.path, 'path'));
    tr.appendChild(el('td', request.decision, request.decision));
    tr.appendChild(el('td', request.targetGroup));
    tr.appendChild(el('td', request.status || '-'));
    tr.appendChild(el('td', request.latencyMillis));
    if (selected === request.sequence) {
      tr.classList.add('selected');
    }
    tr.addEventListener('click', () => {
      selected = request.sequence;
      showDetail(request);
      render();
    });
    return tr;
  }

  function render() {
    const body = document.querySelector('#requests tbody');
    const rows = requests.filter(matches).slice().reverse().map(row);
    body.replaceChildren(...rows);
  }

  function showDetail(request) {
    const aside = document.getElementById('detail');
    aside.className = '';
    const list = el('dl');
    const add = (name, value, className) => {
      list.appendChild(el('dt', name));
      list.appendChild(el('dd', value === undefined || value === null ? '-' : value, className));
    };
    add('request id', request.requestId);
    add('time', request.time);
    add('call', request.method + ' ' + request.path + ' (' + request.protocol + ')');
    add('service', request.service);
    add('caller', request.caller);
    add('source VPC', request.sourceVpc);
    add('decision', request.decision, request.decision);
    // "network: ...; service: ...; identity: ...": one line per level that decided.
    const verdicts = (request.statements || '-').split('; ');
    verdicts.forEach((verdict) => {
      const colon = verdict.indexOf(': ');
      if (colon > 0) {
        add(verdict.substring(0, colon) + ' policy', verdict.substring(colon + 2));
      } else {
        add('policies', verdict);
      }
    });
    add('reason', request.reason);
    add('target group', request.targetGroup);
    add('target', request.target);
    add('status', request.status);
    add('latency', request.latencyMillis + ' ms');
    add('trace id', request.traceId);
    Object.entries(request.latticeHeaders || {}).forEach(([name, value]) => add(name, value));
    const title = el('h2', 'Request');
    aside.replaceChildren(title, list);
  }

  const streamState = document.getElementById('stream-state');

  function follow() {
    const source = new EventSource('/_lattice/requests');
    source.onopen = () => {
      streamState.textContent = 'live';
    };
    source.onmessage = (event) => {
      add(JSON.parse(event.data));
      render();
    };
    source.onerror = () => {
      streamState.textContent = 'reconnecting…';
    };
  }

  fetch('/_lattice/requests', { headers: { Accept: 'application/json' } })
    .then((response) => response.json())
    .then((body) => {
      body.requests.forEach(add);
      render();
    })
    .catch(() => {
      streamState.textContent = 'cannot read requests';
    })
    .finally(follow);

  // Allow matrix
  function renderMatrix(matrix) {
    const head = document.querySelector('#matrix thead');
    const body = document.querySelector('#matrix tbody');
    const headRow = el('tr');
    ['service', 'call'].forEach((name) => headRow.appendChild(el('th', name)));
    (matrix.callers || []).forEach((caller) => headRow.appendChild(el('th', caller)));
    head.replaceChildren(headRow);
    body.replaceChildren(...(matrix.calls || []).map((call) => {
      const tr = el('tr');
      tr.appendChild(el('td', call.service));
      tr.appendChild(el('td', call.method + ' ' + call.path, 'path'));
      matrix.callers.forEach((caller) => {
        const verdict = call.verdicts[caller];
        const cell = el('td', verdict.allowed ? 'allowed' : 'denied', verdict.allowed ? 'allowed' : 'denied');
        cell.title = verdict.allowed ? verdict.statements : verdict.reason;
        cell.dataset.caller = caller;
        tr.appendChild(cell);
      });
      return tr;
    }));
  }

  fetch('/_lattice/matrix').then((response) => response.json()).then(renderMatrix);

  // Health
  function renderHealth(health) {
    const state = document.getElementById('state');
    state.textContent = health.ready ? 'ready' : 'starting';
    state.className = 'state ' + (health.ready ? 'ready' : 'starting');
    document.querySelector('#services tbody').replaceChildren(...health.services.map((service) => {
      const tr = el('tr');
      [service.name, service.endpoint, service.dnsName, service.authType, service.activeConnections]
        .forEach((value) => tr.appendChild(el('td', value)));
      return tr;
    }));
    const targetRows = [];
    health.targetGroups.forEach((group) => {
      const members = group.targets.length ? group.targets : [{ target: group.bound ? '-' : 'not bound', state: '-' }];
      members.forEach((member) => {
        const tr = el('tr');
        tr.dataset.targetGroup = group.name;
        tr.appendChild(el('td', group.ref));
        tr.appendChild(el('td', group.type));
        tr.appendChild(el('td', group.protocolVersion));
        tr.appendChild(el('td', member.target));
        tr.appendChild(el('td', member.state, member.state));
        targetRows.push(tr);
      });
    });
    document.querySelector('#targets tbody').replaceChildren(...targetRows);
    document.querySelector('#environments tbody').replaceChildren(...health.lambdaEnvironments.map((environment) => {
      const tr = el('tr');
      tr.appendChild(el('td', environment.function));
      tr.appendChild(el('td', '#' + environment.environment));
      tr.appendChild(el('td', environment.state, environment.state));
      return tr;
    }));
  }

  function pollHealth() {
    fetch('/_lattice/health')
      .then((response) => response.json())
      .then(renderHealth)
      .catch(() => {
        const state = document.getElementById('state');
        state.textContent = 'unreachable';
        state.className = 'state down';
      })
      .finally(() => setTimeout(pollHealth, 2000));
  }
  pollHealth();
}());
