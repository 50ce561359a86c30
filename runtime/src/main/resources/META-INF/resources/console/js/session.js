// Who is signed in (GET /api/v1/whoami), the projects it sees and the project in use. The
// console hides what the caller may not do; the API checks every request anyway.
import {api} from './api.js';

const RANK = {viewer: 0, submitter: 1, admin: 2};
const PROJECT = 'kite.project';

export const session = {
  me: null,
  projects: [],

  async load() {
    this.me = await api('/api/v1/whoami');
    this.projects = await api('/api/v1/projects');
  },

  reset() {
    this.me = null;
    this.projects = [];
  },

  /** The caller's role in {@code project} (the higher of its own and the every-project one), or null. */
  role(project) {
    if (!this.me) return null;
    const own = this.me.projects[project] || null;
    const all = this.me.everywhere;
    if (!own) return all;
    if (!all) return own;
    return RANK[own] >= RANK[all] ? own : all;
  },

  can(project, role) {
    const r = this.role(project);
    return r !== null && RANK[r] >= RANK[role];
  },

  get project() {
    const saved = localStorage.getItem(PROJECT);
    if (saved && this.projects.some(p => p.id === saved)) return saved;
    return this.projects.length ? this.projects[0].id : null;
  },

  set project(id) {
    localStorage.setItem(PROJECT, id);
  },
};
