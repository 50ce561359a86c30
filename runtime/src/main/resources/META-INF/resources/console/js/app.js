// The console's shell: sign-in state, the project picker, the navigation and the hash router.
import {credential, onUnauthorized} from './api.js';
import {session} from './session.js';
import {h, clear, alertBox} from './dom.js';
import {loginPage, finishOidcLogin} from './login.js';
import {executionsPage} from './executions.js';
import {executionPage} from './execution.js';
import {tasksPage, taskPage} from './tasks.js';
import {pluginsPage} from './plugins.js';
import {overviewPage} from './overview.js';

const ROUTES = [
  [/^\/login$/, loginPage],
  [/^\/overview$/, overviewPage],
  [/^\/executions$/, executionsPage],
  [/^\/executions\/([^/]+)$/, executionPage],
  [/^\/tasks$/, tasksPage],
  [/^\/tasks\/([^/]+)\/([^/]+)\/([^/]+)$/, taskPage],
  [/^\/plugins$/, pluginsPage],
];

const main = document.getElementById('main');
let current = null;

function path() {
  const hash = location.hash.replace(/^#/, '') || '/executions';
  const q = hash.indexOf('?');
  return q < 0 ? hash : hash.slice(0, q);
}

async function route() {
  if (current) current.abort();
  current = new AbortController();
  const signal = current.signal;
  const p = path();
  if (p !== '/login' && !credential.get()) {
    location.replace('#/login?next=' + encodeURIComponent(location.hash || '#/executions'));
    return;
  }
  if (p !== '/login' && !session.me) {
    try {
      await session.load();
    } catch (e) {
      clear(main, alertBox(e));
      return;
    }
  }
  shell();
  for (const [re, page] of ROUTES) {
    const m = p.match(re);
    if (m) {
      clear(main);
      try {
        await page(main, m.slice(1).map(decodeURIComponent), signal);
      } catch (e) {
        if (!signal.aborted) main.append(alertBox(e));
      }
      return;
    }
  }
  clear(main, h('h1', {}, 'Not found'), h('p', {}, 'No page at ', h('code', {}, location.hash), '.'));
}

/** The header: who is signed in, the projects it sees, the links it may use. */
function shell() {
  const signedIn = !!session.me;
  document.getElementById('logout').hidden = !signedIn;
  document.getElementById('whoami').textContent = signedIn ? session.me.label : '';
  document.getElementById('nav-plugins').hidden = !(signedIn && session.me.operator);
  const select = document.getElementById('project-select');
  select.hidden = !signedIn;
  select.previousElementSibling.hidden = !signedIn;
  if (signedIn && select.options.length !== session.projects.length) {
    clear(select, session.projects.map(p => h('option', {value: p.id}, p.id)));
  }
  if (signedIn) select.value = session.project || '';
  for (const a of document.querySelectorAll('#nav a')) {
    a.toggleAttribute('aria-current', false);
    if (path().startsWith(a.getAttribute('href').slice(1))) a.setAttribute('aria-current', 'page');
  }
}

document.getElementById('project-select').addEventListener('change', e => {
  session.project = e.target.value;
  const p = path();
  location.hash = p.startsWith('/tasks') ? '#/tasks' : p.startsWith('/overview') ? '#/overview' : '#/executions';
  if (p === '/executions' || p === '/tasks' || p === '/overview') route();
});

document.getElementById('logout').addEventListener('click', () => {
  credential.clear();
  session.reset();
  location.hash = '#/login';
});

onUnauthorized(() => {
  credential.clear();
  session.reset();
  if (path() !== '/login') location.replace('#/login?expired=1&next=' + encodeURIComponent(location.hash));
});

window.addEventListener('hashchange', route);
finishOidcLogin().then(route);
