// The task registry of a project: its tasks by domain, a task's versions, a version's interface
// and metadata, its run form and the eviction of its cached outputs.
import {api} from './api.js';
import {session} from './session.js';
import {h, time, pretty, hashQuery, hashWith, toast, alertBox, taskHref} from './dom.js';
import {describe} from './types.js';
import {runForm} from './form.js';
import {DOMAINS} from './executions.js';

async function allVersions(project, domain, signal) {
  const out = [];
  let cursor = null;
  for (let i = 0; i < 20; i++) {
    const q = new URLSearchParams({project, limit: '200'});
    if (domain) q.set('domain', domain);
    if (cursor) q.set('cursor', cursor);
    const page = await api('/api/v1/tasks?' + q, {signal});
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

export async function tasksPage(main, params, signal) {
  const project = session.project;
  const domain = hashQuery().get('domain') || '';
  main.append(h('h1', {}, 'Tasks ', h('span', {class: 'muted'}, project ? 'in ' + project : '')));
  if (!project) return;
  main.append(h('form', {class: 'filters', 'aria-label': 'Filter tasks', onchange: e => { location.hash = hashWith('#/tasks', {domain: e.target.value}); }},
    h('div', {class: 'field'}, h('label', {for: 't-domain'}, 'Domain'),
      h('select', {id: 't-domain'}, h('option', {value: ''}, 'all domains'), DOMAINS.map(d => h('option', {value: d, selected: d === domain}, d))))));
  const versions = await allVersions(project, domain, signal);
  const tasks = new Map();
  for (const v of versions) {
    const key = v.id.domain + '/' + v.id.name;
    const t = tasks.get(key) || {id: v.id, count: 0};
    t.count++;
    t.latest = v;
    tasks.set(key, t);
  }
  if (!tasks.size) {
    main.append(h('p', {class: 'muted'}, 'No tasks registered' + (domain ? ' in ' + domain : '') + '.'));
    return;
  }
  main.append(h('table', {id: 'tasks', 'aria-label': 'Tasks'},
    h('thead', {}, h('tr', {}, ['Task', 'Domain', 'Type', 'Newest version', 'Versions', 'Registered'].map(t => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, [...tasks.values()].map(t => h('tr', {},
      h('td', {}, h('a', {href: taskHref({...t.id, version: null})}, t.id.name)), h('td', {}, t.id.domain), h('td', {}, t.latest.type),
      h('td', {class: 'mono'}, t.latest.id.version), h('td', {}, String(t.count)), h('td', {}, time(t.latest.registeredAt)))))));
}

function variables(title, vars, id) {
  const names = Object.keys(vars || {});
  return h('section', {class: 'card', 'aria-labelledby': id}, h('h2', {id}, title),
    names.length ? h('table', {'aria-label': title},
      h('thead', {}, h('tr', {}, ['Name', 'Type', 'Default', 'Description'].map(t => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, names.map(n => h('tr', {}, h('td', {class: 'mono'}, n), h('td', {class: 'mono'}, describe(vars[n].type)),
        h('td', {class: 'mono'}, Object.prototype.hasOwnProperty.call(vars[n], 'default') ? JSON.stringify(vars[n].default) : '—'),
        h('td', {}, vars[n].description || ''))))) : h('p', {class: 'muted'}, 'None.'));
}

function evictButton(t) {
  const cache = t.metadata && t.metadata.cache;
  if (!cache || !session.can(t.id.project, 'admin')) return null;
  const evict = async () => {
    const dialog = h('dialog', {'aria-labelledby': 'evict-title'}, h('h2', {id: 'evict-title'}, 'Evict the cached outputs of ' + t.id.name + '?'),
      h('p', {}, 'Every cached output of this task (all versions, cache version ' + cache.version + ' and others) is removed; the next runs execute again.'),
      h('form', {method: 'dialog', class: 'row'}, h('button', {value: 'all', class: 'danger', id: 'evict-confirm'}, 'Evict all'),
        h('button', {value: 'version', class: 'danger'}, 'Only cache version ' + cache.version), h('button', {value: 'keep', class: 'secondary', autofocus: true}, 'Cancel')));
    document.body.append(dialog);
    dialog.addEventListener('close', async () => {
      dialog.remove();
      if (dialog.returnValue === 'keep' || !dialog.returnValue) return;
      const q = dialog.returnValue === 'version' ? '?cacheVersion=' + encodeURIComponent(cache.version) : '';
      try {
        const r = await api('/api/v1/cache/' + [t.id.project, t.id.domain, t.id.name].map(encodeURIComponent).join('/') + q, {method: 'DELETE'});
        toast('Removed ' + r.removed + ' cached output' + (r.removed === 1 ? '' : 's'));
      } catch (err) {
        document.getElementById('main').prepend(alertBox(err));
      }
    });
    dialog.showModal();
  };
  return h('button', {type: 'button', class: 'secondary', id: 'evict', onclick: evict}, 'Evict cached outputs…');
}

export async function taskPage(main, [project, domain, name], signal) {
  const base = '/api/v1/tasks/' + [project, domain, name].map(encodeURIComponent).join('/');
  const versions = (await api(base + '?limit=50', {signal})).items;
  const wanted = hashQuery().get('version') || versions[0].id.version;
  const t = versions.find(v => v.id.version === wanted) || await api(base + '/' + encodeURIComponent(wanted), {signal});
  main.append(h('h1', {}, 'Task ', h('span', {class: 'mono'}, name), ' ', h('span', {class: 'muted'}, project + ' / ' + domain)),
    h('nav', {'aria-label': 'Versions', class: 'row'}, h('span', {class: 'muted'}, 'Versions (newest first):'),
      versions.map(v => h('a', {href: taskHref(v.id), 'aria-current': v.id.version === t.id.version ? 'page' : null, class: 'mono'}, v.id.version))),
    h('section', {class: 'card'}, h('dl', {class: 'props'},
      h('dt', {}, 'Version'), h('dd', {class: 'mono'}, t.id.version), h('dt', {}, 'Type'), h('dd', {}, t.type),
      h('dt', {}, 'Registered'), h('dd', {}, time(t.registeredAt)), h('dt', {}, 'Digest'), h('dd', {class: 'mono'}, t.digest)),
    h('p', {class: 'row'}, h('a', {href: hashWith('#/executions', {project, domain, name})}, 'Executions of this task'), evictButton(t))),
    h('div', {class: 'grid2'}, variables('Inputs', t.interface && t.interface.inputs, 'inputs-title'),
      variables('Outputs', t.interface && t.interface.outputs, 'outputs-title')),
    h('section', {class: 'card', 'aria-labelledby': 'metadata-title'}, h('h2', {id: 'metadata-title'}, 'Metadata'), pretty(t.metadata),
      t.config ? [h('h2', {}, 'Config'), pretty(t.config)] : null, t.container ? [h('h2', {}, 'Container'), pretty(t.container)] : null));
  if (session.can(project, 'submitter')) {
    main.append(h('section', {class: 'card', 'aria-labelledby': 'run-title'}, h('h2', {id: 'run-title'}, 'Run version ' + t.id.version),
      runForm(t, e => { location.hash = '#/executions/' + e.id; })));
  }
}

