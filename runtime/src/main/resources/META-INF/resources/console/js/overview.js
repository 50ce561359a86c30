// A small overview of a project, from its executions of the last hour (the list endpoint, newest
// first, read until an hour back): how many ended in each phase, and p50/p99 of the duration of
// each task's ended executions.
import {api} from './api.js';
import {session} from './session.js';
import {h, phaseBadge, duration, PHASES, TERMINAL} from './dom.js';

const HOUR = 3.6e6;

async function lastHour(project, signal) {
  const since = Date.now() - HOUR;
  const out = [];
  let cursor = null;
  for (let i = 0; i < 25; i++) {
    const q = new URLSearchParams({project, limit: '200'});
    if (cursor) q.set('cursor', cursor);
    const page = await api('/api/v1/executions?' + q, {signal});
    const recent = page.items.filter(e => Date.parse(e.createdAt) >= since);
    out.push(...recent);
    cursor = page.nextCursor;
    if (!cursor || recent.length < page.items.length) return {items: out, complete: true};
  }
  return {items: out, complete: false};
}

/** The q-quantile (0..1) of sorted numbers, nearest rank. */
export function quantile(sorted, q) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export async function overviewPage(main, params, signal) {
  const project = session.project;
  main.append(h('h1', {}, 'Overview ', h('span', {class: 'muted'}, project ? project + ', last hour' : '')));
  if (!project) return;
  const {items, complete} = await lastHour(project, signal);
  const counts = Object.fromEntries(PHASES.map(p => [p, 0]));
  items.forEach(e => { counts[e.phase] = (counts[e.phase] || 0) + 1; });
  const max = Math.max(1, ...Object.values(counts));
  const byTask = new Map();
  for (const e of items.filter(x => TERMINAL.has(x.phase))) {
    const key = e.task.domain + '/' + e.task.name;
    (byTask.get(key) || byTask.set(key, []).get(key)).push(Date.parse(e.updatedAt) - Date.parse(e.createdAt));
  }
  main.append(h('section', {class: 'card', 'aria-labelledby': 'per-phase'}, h('h2', {id: 'per-phase'}, 'Executions per phase (' + items.length + ')'),
    complete ? null : h('p', {class: 'muted'}, 'Only the newest 5000 are counted.'),
    h('table', {class: 'bars', id: 'phase-counts', 'aria-label': 'Executions per phase'}, h('tbody', {},
      Object.entries(counts).filter(([p, n]) => n > 0 || TERMINAL.has(p)).map(([p, n]) => h('tr', {'data-phase': p},
        h('th', {scope: 'row'}, phaseBadge(p)), h('td', {}, h('div', {class: 'bar', style: null, 'data-width': n / max})), h('td', {class: 'count'}, String(n))))))),
  h('section', {class: 'card', 'aria-labelledby': 'per-task'}, h('h2', {id: 'per-task'}, 'Duration per task (ended executions)'),
    byTask.size ? h('table', {id: 'task-durations', 'aria-label': 'Duration per task'},
      h('thead', {}, h('tr', {}, ['Task', 'Ended', 'p50', 'p99'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, [...byTask.entries()].sort().map(([task, ms]) => {
        ms.sort((a, b) => a - b);
        return h('tr', {}, h('td', {}, task), h('td', {}, String(ms.length)), h('td', {}, duration(quantile(ms, 0.5))), h('td', {}, duration(quantile(ms, 0.99))));
      }))) : h('p', {class: 'muted'}, 'No execution ended in the last hour.')));
  // widths through the CSSOM (the console's Content-Security-Policy allows no inline style attributes)
  for (const bar of main.querySelectorAll('.bar[data-width]')) bar.style.width = (100 * Number(bar.dataset.width)) + '%';
}
