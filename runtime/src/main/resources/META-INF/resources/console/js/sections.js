// Parts of the execution page that are drawn from its data alone: values, attempts, events, nodes.
import {download} from './api.js';
import {h, phaseBadge, time, duration, pretty, alertBox, TERMINAL} from './dom.js';

/** The link that downloads a value, or null: an offloaded value, a blob or a dataset reference. */
function dataLink(e, kind, name, value) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  if (value.$offloaded && value.$offloaded.link) return {href: value.$offloaded.link, file: name + '.json', what: 'offloaded value, ' + value.$offloaded.size + ' bytes'};
  if (typeof value.uri === 'string' && Object.keys(value).every(k => ['uri', 'format', 'columns', 'rows'].includes(k))) {
    const file = value.uri.split('/').filter(Boolean).pop() || name;
    return {href: '/api/v1/executions/' + e.id + '/data/' + kind + '/' + encodeURIComponent(name), file, what: value.uri};
  }
  return null;
}

function valueTable(e, kind) {
  const values = e[kind];
  if (values === null || values === undefined) return h('p', {class: 'muted'}, kind === 'outputs' && !TERMINAL.has(e.phase) ? 'Not yet.' : 'None.');
  const names = Object.keys(values);
  if (!names.length) return h('p', {class: 'muted'}, 'None.');
  return h('table', {'aria-label': kind, id: kind},
    h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Name'), h('th', {scope: 'col'}, 'Value'))),
    h('tbody', {}, names.map(name => {
      const link = dataLink(e, kind, name, values[name]);
      return h('tr', {'data-name': name}, h('th', {scope: 'row', class: 'mono'}, name),
        h('td', {}, pretty(values[name]), link ? h('p', {}, h('a', {href: link.href, class: 'download', download: link.file,
          onclick: ev => { ev.preventDefault(); download(link.href, link.file).catch(err => ev.target.after(alertBox(err))); }},
        'Download ' + name), h('span', {class: 'muted'}, ' (' + link.what + ')')) : null));
    })));
}

export function valuesSection(e) {
  return h('div', {class: 'grid2'},
    h('section', {class: 'card', 'aria-labelledby': 'inputs-title'}, h('h2', {id: 'inputs-title'}, 'Inputs'), valueTable(e, 'inputs')),
    h('section', {class: 'card', 'aria-labelledby': 'outputs-title'}, h('h2', {id: 'outputs-title'}, 'Outputs'), valueTable(e, 'outputs')));
}

function attemptItem(a) {
  const took = a.startedAt && a.endedAt ? Date.parse(a.endedAt) - Date.parse(a.startedAt) : null;
  return h('li', {class: 'phase-' + a.phase, 'data-attempt': a.number},
    h('div', {class: 'row'}, h('strong', {}, 'Attempt ' + a.number), phaseBadge(a.phase),
      h('span', {class: 'muted'}, !a.budget || a.budget === 'none' ? 'the first attempt' : 'a retry paid by the ' + a.budget + ' budget')),
    h('div', {class: 'muted'}, 'started ', time(a.startedAt), a.endedAt ? [' · ended ', time(a.endedAt), ' · took ', duration(took)] : ' · running',
      a.deadline ? [' · deadline ', time(a.deadline)] : null),
    a.message ? h('div', {}, a.message) : null,
    a.error ? h('div', {class: 'alert attempt-error'}, h('strong', {}, a.error.kind + (a.error.code ? ' ' + a.error.code : '')
      + (a.error.recoverable ? ' (recoverable)' : '') + ': '), a.error.message) : null,
    a.links && a.links.length ? h('ul', {class: 'links'}, a.links.map(l => h('li', {}, h('a', {href: l.url, target: '_blank', rel: 'noopener noreferrer'}, l.name)))) : null,
    a.logs ? h('div', {class: 'muted mono'}, 'pod ' + a.logs.namespace + '/' + a.logs.pod + ' (' + a.logs.container + ')') : null);
}

export function attemptsSection(e) {
  const attempts = e.attempts || [];
  const items = [];
  attempts.forEach((a, i) => {
    items.push(attemptItem(a));
    const next = attempts[i + 1];
    if (next && a.endedAt && next.startedAt) {
      items.push(h('li', {class: 'wait'}, 'waited ' + duration(Date.parse(next.startedAt) - Date.parse(a.endedAt)) + ' before the next attempt'));
    }
  });
  if (e.nextAttemptAt && !TERMINAL.has(e.phase)) {
    items.push(h('li', {class: 'wait', id: 'next-attempt'}, 'next attempt at ', time(e.nextAttemptAt)));
  }
  return h('section', {class: 'card', 'aria-labelledby': 'attempts-title'}, h('h2', {id: 'attempts-title'}, 'Attempts (' + attempts.length + ')'),
    attempts.length ? h('ol', {class: 'timeline', id: 'attempts'}, items) : h('p', {class: 'muted'}, 'No attempt yet.'));
}

export function eventsSection(events) {
  return h('section', {class: 'card', 'aria-labelledby': 'events-title'}, h('h2', {id: 'events-title'}, 'Events (' + events.length + ')'),
    h('table', {id: 'events', 'aria-label': 'Events'},
      h('thead', {}, h('tr', {}, ['At', 'Attempt', 'Phase', 'Message'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, events.map(ev => h('tr', {}, h('td', {}, time(ev.at)), h('td', {}, ev.attempt === undefined ? '' : String(ev.attempt)),
        h('td', {}, phaseBadge(ev.phase)), h('td', {}, ev.message || ''))))));
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.append(...children);
  return el;
}

// A child execution of the nodes listing: its node ('name', or 'name[i]' for a map element).
function nodeKey(n) { return n.node || n.id; }
function nodeBase(key) { const i = key.indexOf('['); return i < 0 ? key : key.slice(0, i); }

/**
 * The dynamic graph: each child in a column by its depth (the longest path from a root), edges
 * from the nodes it reads (dependsOn names nodes; a map node stands for all of its elements).
 */
export function nodesSection(items) {
  const byKey = new Map(items.map(n => [nodeKey(n), n]));
  const byBase = new Map();
  for (const n of items) {
    const b = nodeBase(nodeKey(n));
    byBase.set(b, [...(byBase.get(b) || []), nodeKey(n)]);
  }
  const deps = n => (n.dependsOn || []).flatMap(d => byBase.get(d) || []).filter(d => byKey.has(d));
  const depth = new Map();
  const depthOf = (n, seen = new Set()) => {
    const k = nodeKey(n);
    if (depth.has(k)) return depth.get(k);
    if (seen.has(k)) return 0;
    seen.add(k);
    const d = Math.max(-1, ...deps(n).map(x => depthOf(byKey.get(x), seen))) + 1;
    depth.set(k, d);
    return d;
  };
  items.forEach(n => depthOf(n));
  const rows = new Map();
  const pos = new Map();
  for (const n of items) {
    const d = depth.get(nodeKey(n));
    const r = rows.get(d) || 0;
    rows.set(d, r + 1);
    pos.set(nodeKey(n), {x: 10 + d * 200, y: 10 + r * 56});
  }
  const height = Math.max(...rows.values()) * 56 + 20;
  const width = (Math.max(...depth.values()) + 1) * 200 + 20;
  const edges = items.flatMap(n => deps(n).map(d => {
    const a = pos.get(d); const b = pos.get(nodeKey(n));
    return svg('line', {x1: a.x + 160, y1: a.y + 20, x2: b.x, y2: b.y + 20, stroke: '#8b949e'});
  }));
  const boxes = items.map(n => {
    const p = pos.get(nodeKey(n));
    const target = n.id;
    const label = svg('text', {x: p.x + 8, y: p.y + 25}, nodeKey(n) + ' · ' + (n.phase || ''));
    const box = svg('g', {class: 'phase-' + (n.phase || '')}, svg('rect', {x: p.x, y: p.y, width: 160, height: 40, rx: 5, fill: '#fff', stroke: 'currentColor'}), label);
    return target ? svg('a', {href: '#/executions/' + target}, box) : box;
  });
  return h('section', {class: 'card', 'aria-labelledby': 'nodes-title', id: 'nodes'}, h('h2', {id: 'nodes-title'}, 'Nodes (' + items.length + ')'),
    svg('svg', {class: 'dag', width, height, role: 'img', 'aria-label': 'graph of ' + items.length + ' nodes'}, ...edges, ...boxes));
}
