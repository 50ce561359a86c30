// One execution: its state, cache, values, attempts, logs, events and nodes, kept live over
// GET /api/v1/executions/{id}/events?follow=true (or by polling every 2 s), and its abort.
import {api, live, ApiError} from './api.js';
import {session} from './session.js';
import {h, clear, phaseBadge, time, duration, executionMillis, taskHref, taskLabel, alertBox, toast, TERMINAL} from './dom.js';
import {valuesSection, attemptsSection, eventsSection, nodesSection} from './sections.js';
import {LogPanes} from './logs.js';

export async function executionPage(main, [id], signal) {
  let e = await api('/api/v1/executions/' + encodeURIComponent(id), {signal});
  let events = await api('/api/v1/executions/' + encodeURIComponent(id) + '/events', {signal});
  const parts = {head: h('div'), cache: h('div'), values: h('div'), attempts: h('div'), logs: h('div'), events: h('div'), nodes: h('div')};
  const mode = h('span', {class: 'live', id: 'live-mode'});
  main.append(parts.head, mode, parts.cache, parts.values, parts.attempts, parts.logs, parts.nodes, parts.events);
  const logs = new LogPanes(parts.logs, id, signal);
  const drawn = new Map();
  // a part is drawn again only when what it shows changed (a button stays the same element)
  const draw = (part, data, make) => {
    const key = JSON.stringify(data);
    if (drawn.get(part) !== key) {
      drawn.set(part, key);
      clear(parts[part], make());
    }
  };
  const render = () => {
    draw('head', e, () => header(e, () => abort(e, updated => { e = updated; render(); })));
    draw('cache', [e.cacheStatus, e.cacheKey, e.cacheSource, e.overwriteCache], () => cacheSection(e));
    draw('values', [e.inputs, e.outputs, e.phase], () => valuesSection(e));
    draw('attempts', [e.attempts, e.nextAttemptAt, e.phase], () => attemptsSection(e));
    draw('events', events, () => eventsSection(events));
    logs.update(e);
    if (TERMINAL.has(e.phase)) mode.hidden = true;
  };
  render();
  nodes(id, parts.nodes, signal);
  if (TERMINAL.has(e.phase)) return;
  let ended = false;
  let refresh = null;
  const reload = async () => {
    if (ended) return;
    const fresh = await api('/api/v1/executions/' + encodeURIComponent(id), {signal});
    if (ended) return;
    e = fresh;
    render();
  };
  live({stream: '/api/v1/executions/' + encodeURIComponent(id) + '/events?follow=true', signal,
    finished: () => ended,
    onMode: m => { mode.textContent = m === 'stream' ? 'following' : 'following (polling every 2 s)'; },
    onEvent: (type, data) => {
      if (type === 'end') {
        ended = true;
        clearTimeout(refresh);
        e = data;
        render();
        return;
      }
      if (type !== 'event') return;
      const text = JSON.stringify(data);
      if (!events.some(x => JSON.stringify(x) === text)) events.push(data);
      render();
      clearTimeout(refresh);
      refresh = setTimeout(() => reload().catch(() => {}), 150);
    },
    poll: async () => {
      e = await api('/api/v1/executions/' + encodeURIComponent(id), {signal});
      events = await api('/api/v1/executions/' + encodeURIComponent(id) + '/events', {signal});
      render();
      return !TERMINAL.has(e.phase);
    }});
}

function header(e, onAbort) {
  const canAbort = !TERMINAL.has(e.phase) && session.can(e.task.project, 'submitter');
  return h('section', {class: 'card', 'aria-labelledby': 'execution-title'},
    h('div', {class: 'row'},
      h('h1', {id: 'execution-title'}, 'Execution ', h('span', {class: 'mono'}, e.name || e.id)),
      h('span', {id: 'phase'}, phaseBadge(e.phase)),
      canAbort ? h('button', {type: 'button', class: 'danger', id: 'abort', onclick: onAbort}, 'Abort…') : null),
    h('dl', {class: 'props'},
      h('dt', {}, 'Id'), h('dd', {class: 'mono'}, e.id),
      h('dt', {}, 'Task'), h('dd', {}, h('a', {href: taskHref(e.task)}, e.task.project + ' / ' + e.task.domain + ' / ' + taskLabel(e.task))),
      h('dt', {}, 'Submitted'), h('dd', {}, time(e.createdAt), ' by ', e.submittedBy || '—'),
      h('dt', {}, 'Duration'), h('dd', {}, duration(executionMillis(e)), TERMINAL.has(e.phase) ? '' : ' so far'),
      e.deadline ? [h('dt', {}, 'Deadline'), h('dd', {}, time(e.deadline))] : null,
      e.abortedBy ? [h('dt', {}, 'Aborted by'), h('dd', {}, e.abortedBy)] : null,
      e.owner && !TERMINAL.has(e.phase) ? [h('dt', {}, 'Driven by'), h('dd', {class: 'mono'}, e.owner)] : null),
    e.error ? h('div', {class: 'alert', id: 'execution-error'}, h('strong', {}, e.error.kind + (e.error.code ? ' ' + e.error.code : '') + ': '),
      e.error.message) : null);
}

function cacheSection(e) {
  return h('section', {class: 'card', 'aria-labelledby': 'cache-title'}, h('h2', {id: 'cache-title'}, 'Cache'),
    h('dl', {class: 'props'},
      h('dt', {}, 'Status'), h('dd', {id: 'cache-status'}, e.cacheStatus || '—'),
      e.cacheKey ? [h('dt', {}, 'Key'), h('dd', {class: 'mono'}, e.cacheKey)] : null,
      e.cacheSource ? [h('dt', {}, 'Outputs from'), h('dd', {}, h('a', {href: '#/executions/' + e.cacheSource, id: 'cache-source', class: 'mono'}, e.cacheSource))] : null,
      e.overwriteCache ? [h('dt', {}, 'Overwrite'), h('dd', {}, 'yes: ran and replaced the cached outputs')] : null));
}

function abort(e, done) {
  const dialog = h('dialog', {'aria-labelledby': 'abort-title', id: 'abort-dialog'},
    h('h2', {id: 'abort-title'}, 'Abort this execution?'),
    h('p', {}, 'Kite records it as ABORTED and cancels its running work. This cannot be undone.'),
    h('form', {method: 'dialog', class: 'row'},
      h('button', {value: 'abort', class: 'danger', id: 'abort-confirm'}, 'Abort execution'),
      h('button', {value: 'keep', class: 'secondary', autofocus: true}, 'Keep running')));
  document.body.append(dialog);
  dialog.addEventListener('close', async () => {
    dialog.remove();
    if (dialog.returnValue !== 'abort') return;
    try {
      done(await api('/api/v1/executions/' + encodeURIComponent(e.id) + '/abort', {method: 'POST'}));
      toast('Execution aborted');
    } catch (err) {
      document.getElementById('main').prepend(alertBox(err));
    }
  });
  dialog.showModal();
}

async function nodes(id, holder, signal) {
  try {
    const page = await api('/api/v1/executions/' + encodeURIComponent(id) + '/nodes', {signal});
    const items = page && (page.items || page);
    if (Array.isArray(items) && items.length) clear(holder, nodesSection(items));
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404) && !signal.aborted) holder.append(alertBox(err));
  }
}
