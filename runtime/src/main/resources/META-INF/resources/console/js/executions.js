// The executions of a project: filters (domain, task, phase, time range), cursor paging, and
// live updates over GET /api/v1/executions/stream (or polling the list every 2 s without it).
import {api, live} from './api.js';
import {session} from './session.js';
import {h, clear, phaseBadge, time, duration, executionMillis, taskHref, hashQuery, hashWith, PHASES} from './dom.js';

const RANGES = {'': 'any time', '15m': 'last 15 minutes', '1h': 'last hour', '24h': 'last 24 hours', '7d': 'last 7 days'};
const RANGE_MS = {'15m': 9e5, '1h': 3.6e6, '24h': 8.64e7, '7d': 6.048e8};
export const DOMAINS = ['development', 'staging', 'production'];

function filtersFromHash() {
  const q = hashQuery();
  return {project: q.get('project') || session.project, domain: q.get('domain') || '', name: q.get('name') || '',
    phase: q.get('phase') || '', range: q.get('range') || '', cursor: q.get('cursor') || ''};
}

function select(id, label, value, options) {
  return h('div', {class: 'field'}, h('label', {for: id}, label),
    h('select', {id, name: id}, Object.entries(options).map(([v, text]) => h('option', {value: v, selected: v === value}, text))));
}

function filterForm(f) {
  const name = h('input', {id: 'f-name', name: 'name', value: f.name, placeholder: 'any task', size: 18});
  return h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter executions', onsubmit: e => {
    e.preventDefault();
    const data = new FormData(e.target);
    location.hash = hashWith('#/executions', {project: f.project, domain: data.get('domain'), name: data.get('name'),
      phase: data.get('phase'), range: data.get('range')});
  }},
  select('domain', 'Domain', f.domain, {'': 'all domains', ...Object.fromEntries(DOMAINS.map(d => [d, d]))}),
  h('div', {class: 'field'}, h('label', {for: 'f-name'}, 'Task'), name),
  select('phase', 'Phase', f.phase, {'': 'all phases', ...Object.fromEntries(PHASES.filter(p => p !== 'RETRY_SCHEDULED').map(p => [p, p]))}),
  select('range', 'Created', f.range, RANGES),
  h('div', {class: 'field'}, h('button', {type: 'submit'}, 'Apply')));
}

function listUrl(f, cursor) {
  const q = new URLSearchParams({project: f.project, limit: '50'});
  for (const k of ['domain', 'name', 'phase']) if (f[k]) q.set(k, f[k]);
  if (cursor) q.set('cursor', cursor);
  return '/api/v1/executions?' + q;
}

export function row(e) {
  const attempts = (e.attempts || []).length;
  return h('tr', {'data-id': e.id},
    h('td', {}, phaseBadge(e.phase)),
    h('td', {}, h('a', {href: '#/executions/' + e.id, class: 'mono'}, e.name || e.id.slice(0, 8))),
    h('td', {}, h('a', {href: taskHref(e.task)}, e.task.name), h('span', {class: 'muted'}, ' ' + e.task.version)),
    h('td', {}, e.task.domain),
    h('td', {}, time(e.createdAt)),
    h('td', {}, duration(executionMillis(e))),
    h('td', {}, String(attempts)),
    h('td', {}, e.cacheStatus || '—'));
}

function table(items) {
  return h('table', {id: 'executions', 'aria-label': 'Executions'},
    h('thead', {}, h('tr', {}, ['Phase', 'Execution', 'Task', 'Domain', 'Created', 'Duration', 'Attempts', 'Cache'].map(t => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, items.map(row)));
}

function inRange(f, e) {
  return !f.range || Date.parse(e.createdAt) >= Date.now() - RANGE_MS[f.range];
}

function matches(f, e) {
  return (!f.domain || e.task.domain === f.domain) && (!f.name || e.task.name === f.name)
    && (!f.phase || e.phase === f.phase) && inRange(f, e);
}

/**
 * A page read again (fresh) merged with the one shown (shown): of two states of an execution the
 * later one wins, and executions streamed while it was read (ids) stay although it has not got them.
 */
function merged(fresh, shown, ids) {
  const known = new Map(shown.items.map(e => [e.id, e]));
  const later = e => {
    const k = known.get(e.id);
    return k && Date.parse(k.updatedAt) > Date.parse(e.updatedAt) ? k : e;
  };
  const listed = new Set(fresh.items.map(e => e.id));
  const kept = shown.items.filter(e => ids.has(e.id) && !listed.has(e.id));
  return {...fresh, items: [...kept, ...fresh.items.map(later)]};
}

export async function executionsPage(main, params, signal) {
  const f = filtersFromHash();
  main.append(h('h1', {}, 'Executions ', h('span', {class: 'muted'}, f.project ? 'in ' + f.project : '')));
  if (!f.project) {
    main.append(h('p', {}, 'You have no role in any project yet.'));
    return;
  }
  const mode = h('span', {class: 'live', id: 'live-mode'}, 'live');
  const holder = h('div');
  const pager = h('div', {class: 'pager'});
  main.append(filterForm(f), h('div', {class: 'row'}, mode), holder, pager);
  let page = await api(listUrl(f, f.cursor), {signal});
  let drawn = null;
  const render = () => {
    const items = page.items.filter(e => inRange(f, e));
    // drawn again only when something changed: a row being clicked stays the same element
    const key = JSON.stringify([items, page.nextCursor]);
    if (key === drawn) return;
    drawn = key;
    clear(holder, items.length ? table(items) : h('p', {class: 'muted', id: 'no-executions'}, 'No executions match.'));
    const older = page.nextCursor && items.length === page.items.length;
    clear(pager, f.cursor ? h('a', {href: hashWith('#/executions', {...f, cursor: ''})}, 'Newest') : null,
      older ? h('a', {href: hashWith('#/executions', {...f, cursor: page.nextCursor}), rel: 'next'}, 'Older →') : null);
  };
  render();
  const stream = '/api/v1/executions/stream?' + new URLSearchParams(f.domain ? {project: f.project, domain: f.domain} : {project: f.project});
  // ids streamed while the page is read again after a reconnect (null when no reading is under way)
  let streamedMeanwhile = null;
  live({stream, signal,
    onMode: m => { mode.textContent = m === 'stream' ? 'live' : 'live (polling every 2 s)'; },
    onEvent: (type, e) => {
      if (type !== 'execution') return;
      const i = page.items.findIndex(x => x.id === e.id);
      if (i >= 0) page.items[i] = e;
      else if (!f.cursor && matches(f, e)) page.items.unshift(e);
      else return;
      if (streamedMeanwhile) streamedMeanwhile.add(e.id);
      render();
    },
    // the project stream has no resume: what changed while it was closed is read from the list
    onReopen: async () => {
      streamedMeanwhile = new Set();
      try {
        page = merged(await api(listUrl(f, f.cursor), {signal}), page, streamedMeanwhile);
        render();
      } catch (e) {
        // the next change or reconnect tries again; a signed-out session is handled by api()
      } finally {
        streamedMeanwhile = null;
      }
    },
    poll: async () => {
      page = await api(listUrl(f, f.cursor), {signal});
      render();
      return true;
    }});
}
