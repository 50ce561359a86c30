// The plugins this Kite runs (GET /api/v1/plugins, operators only): task types, shape, health.
import {api} from './api.js';
import {h} from './dom.js';

export async function pluginsPage(main, params, signal) {
  const plugins = await api('/api/v1/plugins', {signal});
  main.append(h('h1', {}, 'Plugins'), h('table', {id: 'plugins', 'aria-label': 'Plugins'},
    h('thead', {}, h('tr', {}, ['Plugin', 'Task types', 'Shape', 'Health', 'Class'].map(t => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, plugins.map(p => h('tr', {},
      h('td', {}, p.name), h('td', {class: 'mono'}, p.taskTypes.join(', ')), h('td', {}, p.shape),
      h('td', {}, p.healthy ? h('span', {class: 'badge phase-SUCCEEDED'}, 'healthy') : [h('span', {class: 'badge phase-FAILED'}, 'unhealthy'), ' ', p.problem || '']),
      h('td', {class: 'mono muted'}, p.class))))));
}
