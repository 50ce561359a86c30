// The console's scenarios in a real browser (Debian's Chromium through playwright-core), run by
// ConsoleInBrowserTest against a Kite it started and filled. Every page must load without a
// console error and every request must go to Kite itself; each step leaves a screenshot.
import {chromium} from 'playwright-core';
import {mkdtempSync, mkdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const env = process.env;
const BASE = env.KITE_URL;
const SHOTS = env.SCREENSHOTS;
const T = 20000;
mkdirSync(SHOTS, {recursive: true});

const problems = [];
const passed = [];

function expect(condition, what) {
  if (!condition) throw new Error('expected ' + what);
}

/**
 * Answers the console expects to fail: the stream and nodes endpoints of a Kite without them
 * (404, the console then polls or hides the section), the form's submission the server refuses.
 */
function expectedFailure(url, status) {
  return (status === 404 && /\/api\/v1\/executions\/(stream\?|[0-9a-f-]{36}\/nodes$)/.test(url))
    || (status === 400 && url === BASE + '/api/v1/executions');
}

/** A fresh tab that records console errors, page errors, failed answers and any request that does not go to Kite. */
async function tab(context) {
  const page = await context.newPage();
  page.on('console', m => {
    if (m.type() !== 'error') return;
    const url = (m.location() && m.location().url) || '';
    if (/^Failed to load resource/.test(m.text()) && [404, 400].some(s => m.text().includes(' ' + s + ' ') && expectedFailure(url, s))) return;
    problems.push('console error on ' + page.url() + ': ' + m.text() + ' (' + url + ')');
  });
  page.on('pageerror', e => problems.push('page error on ' + page.url() + ': ' + e.message));
  page.on('request', r => {
    const own = r.url().startsWith(BASE + '/') || r.url().startsWith('blob:' + BASE + '/');
    // single sign-on talks to the identity provider: its discovery, authorization and token endpoints, nothing else
    const sso = env.ISSUER && r.url().startsWith(env.ISSUER + '/');
    if (!own && !sso) problems.push('request outside Kite: ' + r.url());
  });
  page.on('response', r => {
    if (r.status() >= 400 && !expectedFailure(r.url(), r.status())) problems.push(r.status() + ' for ' + r.request().method() + ' ' + r.url());
  });
  return page;
}

async function login(page, key) {
  await page.goto(BASE + '/console');
  await page.getByLabel('API key').waitFor({timeout: T});
  await page.screenshot({path: join(SHOTS, '01-login.png')});
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', {name: 'Sign in'}).click();
  await page.locator('#whoami').filter({hasText: /\S/}).waitFor({timeout: T});
  await page.locator('#project-select').selectOption(env.PROJECT);
}

let stepStarted = 0;

/** Notes how far into its step a scenario is (the output shows where time goes). */
function mark(what) {
  console.log('       ' + (Date.now() - stepStarted) + ' ms: ' + what);
}

async function step(name, fn) {
  const started = Date.now();
  stepStarted = started;
  try {
    await fn();
    passed.push(name);
    console.log('ok   ' + name + ' (' + (Date.now() - started) + ' ms)');
  } catch (e) {
    problems.push(name + ': ' + (e.stack || e.message));
    console.log('FAIL ' + name + ': ' + e.message);
  }
}

const phase = (page, p) => page.locator('#phase [data-phase="' + p + '"]').waitFor({timeout: T});

/** The event streams and the nodes listing answered by the browser with chosen content, then a cut stream. */
async function playedByTheBrowser(admin) {
  // the browser answers them with chosen content (a streamed event the store does not hold, a graph), so that the console's reading of them is tested exactly
  const headers = {Authorization: 'Bearer ' + env.ADMIN_KEY};
  const running = await (await admin.request.get(BASE + '/api/v1/executions/' + env.FOR_VIEWER, {headers})).json();
  const events = await (await admin.request.get(BASE + '/api/v1/executions/' + env.FOR_VIEWER + '/events', {headers})).json();
  const streamed = {at: new Date().toISOString(), phase: 'SUCCEEDED', message: 'from the stream'};
  const end = {...running, phase: 'SUCCEEDED', outputs: {attempt: 0}, updatedAt: new Date().toISOString()};
  const sse = [...events, streamed].map((e, i) => 'id: ' + i + '\nevent: event\ndata: ' + JSON.stringify(e) + '\n\n').join('')
    + 'event: end\ndata: ' + JSON.stringify(end) + '\n\n';
  await admin.route(/\/events\?follow=true$/, route => route.fulfill({status: 200, contentType: 'text/event-stream', body: sse}));
  await admin.route(/\/nodes$/, route => route.fulfill({status: 200, contentType: 'application/json', body: JSON.stringify({items: [
    {id: '01a20000-0000-7000-8000-0000000000a1', node: 'extract', phase: 'SUCCEEDED', dependsOn: []},
    {id: '01a20000-0000-7000-8000-0000000000a2', node: 'load[0]', phase: 'RUNNING', dependsOn: ['extract']}]})}));
  await admin.goto(BASE + '/console/#/executions/' + env.FOR_VIEWER);
  await phase(admin, 'SUCCEEDED');
  expect((await admin.locator('#events').innerText()).includes('from the stream'), 'the streamed event listed once');
  expect(await admin.locator('#events tbody tr').count() === events.length + 1, 'no event twice');
  expect((await admin.locator('#outputs tr[data-name="attempt"] pre').innerText()) === '0', 'the end event\'s execution shown');
  expect(await admin.locator('#nodes svg g').count() === 2 && await admin.locator('#nodes line').count() === 1, 'the nodes and their edge');
  await admin.screenshot({path: join(SHOTS, '14-streamed-execution.png'), fullPage: true});
  const fresh = {...running, id: '01a20000-0000-7000-8000-00000000beef', phase: 'QUEUED', createdAt: new Date().toISOString()};
  await admin.route(/\/api\/v1\/executions\/stream\?/, route => route.fulfill({status: 200, contentType: 'text/event-stream',
    body: 'event: execution\ndata: ' + JSON.stringify(fresh) + '\n\n'}));
  await admin.goto(BASE + '/console/#/executions');
  await admin.locator('#executions tr[data-id="' + fresh.id + '"]').waitFor({timeout: T});
  expect((await admin.locator('#live-mode').innerText()) === 'live', 'the list follows the stream, not polling');
  // the played stream ends after its event, as a stream the server cut would: the console
  // reconnects and reads the list again, which now holds an execution the stream never sent
  const missed = {...running, id: '01a20000-0000-7000-8000-00000000cafe', phase: 'SUCCEEDED', createdAt: new Date().toISOString()};
  let lists = 0;
  await admin.route(/\/api\/v1\/executions\?project=/, async route => {
    const answer = await route.fetch();
    const body = await answer.json();
    if (++lists > 1) body.items.unshift(missed);
    await route.fulfill({response: answer, json: body});
  });
  await admin.goto(BASE + '/console/#/executions?project=' + env.PROJECT + '&range=15m');
  await admin.locator('#executions tr[data-id="' + missed.id + '"]').waitFor({timeout: T});
  expect(lists >= 2, 'the list read again after the stream reconnected');
  await admin.locator('#executions tr[data-id="' + fresh.id + '"]').waitFor({timeout: T});
  expect(await admin.locator('#executions tr[data-id="' + fresh.id + '"]').count() === 1
    && await admin.locator('#executions tr[data-id="' + missed.id + '"]').count() === 1,
    'each execution shown once after the list was read again');
  mark('a reconnected stream lists again');
}

async function scenarios(admin, viewer) {
  await step('sign in with an API key', () => login(admin, env.ADMIN_KEY));

  await step('list, open an execution, see its attempts and outputs', async () => {
    await admin.goto(BASE + '/console/#/executions');
    const row = admin.locator('#executions tr[data-id="' + env.FINISHED + '"]');
    await row.waitFor({timeout: T});
    await admin.screenshot({path: join(SHOTS, '02-executions.png')});
    await row.getByRole('link').first().click();
    await phase(admin, 'SUCCEEDED');
    const attempts = admin.locator('#attempts > li[data-attempt]');
    expect(await attempts.count() === 2, 'two attempts, got ' + await attempts.count());
    expect((await attempts.nth(0).innerText()).includes('user failure 0'), 'the first attempt\'s error message');
    expect((await attempts.nth(0).innerText()).includes('first attempt') && (await attempts.nth(1).innerText()).includes('paid by the user budget'), 'the budget that paid');
    expect(await admin.locator('#attempts .wait').count() === 1, 'the backoff wait between the attempts');
    expect((await admin.locator('#outputs tr[data-name="attempt"] pre').innerText()) === '1', 'the outputs');
    expect(await admin.locator('#events tbody tr').count() >= 3, 'the events');
    await admin.screenshot({path: join(SHOTS, '03-execution.png'), fullPage: true});
  });

  await step('run a task from the form: a bad value, a server error, then a good run seen live', async () => {
    await admin.goto(BASE + '/console/#/tasks');
    await admin.getByRole('link', {name: 'report'}).click();
    await admin.locator('#run-form').waitFor({timeout: T});
    const posts = [];
    admin.on('request', r => { if (r.method() === 'POST' && r.url().endsWith('/api/v1/executions')) posts.push(r); });
    await admin.getByLabel(/^script\b/).fill('["user", "ok"]');
    await admin.getByLabel(/^count\b/).fill('three');
    await admin.getByLabel(/^data\b/).fill('{"uri": "' + env.BLOB_URI + '", "format": "csv"}');
    await admin.getByRole('button', {name: 'Run'}).click();
    await admin.locator('#in-count-error').filter({hasText: 'integer'}).waitFor({timeout: T});
    expect(await admin.locator('#in-count').getAttribute('aria-invalid') === 'true', 'the count field marked invalid');
    expect(posts.length === 0, 'nothing sent with an invalid value');
    await admin.screenshot({path: join(SHOTS, '04-run-form-client-error.png'), fullPage: true});
    mark('bad value refused in the browser');
    await admin.getByLabel(/^count\b/).fill('3');
    await admin.getByLabel(/^data\b/).fill('{"uri": "file:///nowhere/else.csv", "format": "csv"}');
    await admin.getByRole('button', {name: 'Run'}).click();
    await admin.locator('#in-data-error').filter({hasText: 'no configured data store'}).waitFor({timeout: T});
    expect(posts.length === 1, 'the server was asked once');
    expect((await admin.locator('#in-count-error').innerText()) === '', 'the count error is gone');
    await admin.screenshot({path: join(SHOTS, '05-run-form-server-error.png'), fullPage: true});
    mark('server field error shown');
    await admin.getByLabel(/^data\b/).fill('{"uri": "' + env.BLOB_URI + '", "format": "csv"}');
    await admin.getByLabel(/overwrite the cache/).check();
    await admin.evaluate(() => { window.kiteNoReload = true; });
    await admin.getByRole('button', {name: 'Run'}).click();
    await admin.waitForURL(/#\/executions\/[0-9a-f-]{36}$/, {timeout: T});
    await admin.locator('#phase [data-phase]').waitFor({timeout: T});
    const first = await admin.locator('#phase [data-phase]').getAttribute('data-phase');
    expect(first !== 'SUCCEEDED', 'the execution still running when its page opened (it was ' + first + ')');
    mark('on the execution page, ' + first);
    await phase(admin, 'SUCCEEDED');
    expect(await admin.evaluate(() => window.kiteNoReload === true), 'the page was not reloaded');
    mark('succeeded');
    expect(await admin.locator('#attempts > li[data-attempt]').count() === 2, 'both attempts shown');
    const download = admin.waitForEvent('download', {timeout: T});
    await admin.locator('#inputs a.download').click();
    const file = await download;
    expect(file.suggestedFilename() === 'report.csv', 'the blob downloads as report.csv');
    await admin.screenshot({path: join(SHOTS, '06-run-succeeded.png'), fullPage: true});
    const computed = admin.url().split('/').pop();
    // the same inputs again: the cached outputs, with the execution that computed them linked
    await admin.goto(BASE + '/console/#/tasks/' + env.PROJECT + '/development/report');
    await admin.getByLabel(/^script\b/).fill('["user", "ok"]');
    await admin.getByLabel(/^count\b/).fill('3');
    await admin.getByLabel(/^data\b/).fill('{"uri": "' + env.BLOB_URI + '", "format": "csv"}');
    await admin.getByRole('button', {name: 'Run'}).click();
    await admin.waitForURL(/#\/executions\/[0-9a-f-]{36}$/, {timeout: T});
    await phase(admin, 'SUCCEEDED');
    expect((await admin.locator('#cache-status').innerText()) === 'HIT', 'a cache hit');
    await admin.locator('#cache-source').click();
    await admin.waitForURL(new RegExp(computed + '$'), {timeout: T});
    await phase(admin, 'SUCCEEDED');
    mark('cache hit linked to its source');
  });

  await step('evict the cached outputs of a task', async () => {
    await admin.goto(BASE + '/console/#/tasks/' + env.PROJECT + '/development/report');
    await admin.getByRole('button', {name: 'Evict cached outputs…'}).click();
    await admin.getByRole('button', {name: 'Evict all'}).click();
    await admin.locator('#toast').filter({hasText: /Removed [1-9]\d* cached output/}).waitFor({timeout: T});
  });

  await step('the event streams and the nodes listing as the API shapes them, played by the browser',
    () => playedByTheBrowser(admin).finally(() => admin.unrouteAll()));

  await step('abort a running execution', async () => {
    await admin.goto(BASE + '/console/#/executions/' + env.TO_ABORT);
    await phase(admin, 'RUNNING');
    await admin.getByRole('button', {name: 'Abort…'}).click();
    await admin.locator('#abort-dialog').waitFor({timeout: T});
    await admin.screenshot({path: join(SHOTS, '07-abort-confirm.png')});
    await admin.getByRole('button', {name: 'Abort execution'}).click();
    await phase(admin, 'ABORTED');
    expect(await admin.locator('#abort').count() === 0, 'no abort button once aborted');
    await admin.screenshot({path: join(SHOTS, '08-aborted.png'), fullPage: true});
  });

  await step('follow a container task\'s log', async () => {
    await admin.goto(BASE + '/console/#/executions/' + env.CONTAINER);
    await phase(admin, 'RUNNING');
    await admin.locator('#log-0').filter({hasText: 'line three'}).waitFor({timeout: T});
    expect((await admin.locator('#log-0').innerText()).startsWith('line one\nline two'), 'the log in order');
    expect((await admin.locator('#log-state-0').innerText()).includes('following'), 'the log is followed');
    await admin.screenshot({path: join(SHOTS, '09-container-log.png'), fullPage: true});
  });

  await step('tasks, plugins and the overview', async () => {
    await admin.goto(BASE + '/console/#/tasks');
    await admin.locator('#tasks').waitFor({timeout: T});
    await admin.screenshot({path: join(SHOTS, '10-tasks.png'), fullPage: true});
    await admin.goto(BASE + '/console/#/plugins');
    await admin.locator('#plugins').filter({hasText: 'scripted'}).waitFor({timeout: T});
    await admin.screenshot({path: join(SHOTS, '11-plugins.png'), fullPage: true});
    await admin.goto(BASE + '/console/#/overview');
    await admin.locator('#phase-counts').waitFor({timeout: T});
    const succeeded = Number(await admin.locator('#phase-counts tr[data-phase="SUCCEEDED"] .count').innerText());
    expect(succeeded >= 2, 'the succeeded executions of the last hour counted, got ' + succeeded);
    expect(await admin.locator('#task-durations tr').count() >= 2, 'durations per task');
    await admin.screenshot({path: join(SHOTS, '12-overview.png'), fullPage: true});
  });

  await step('a viewer sees no abort button and no run form', async () => {
    await login(viewer, env.VIEWER_KEY);
    await viewer.goto(BASE + '/console/#/executions/' + env.FOR_VIEWER);
    await phase(viewer, 'RUNNING');
    expect(await viewer.locator('#abort').count() === 0, 'no abort button for a viewer');
    await viewer.screenshot({path: join(SHOTS, '13-viewer-execution.png'), fullPage: true});
    await viewer.goto(BASE + '/console/#/tasks');
    await viewer.getByRole('link', {name: 'report'}).click();
    await viewer.locator('#metadata-title').waitFor({timeout: T});
    expect(await viewer.locator('#run-form').count() === 0, 'no run form for a viewer');
    expect(await viewer.locator('#evict').count() === 0, 'no eviction for a viewer');
    expect(await viewer.locator('#nav-plugins').isHidden(), 'no plugins link for a viewer');
  });
}

async function singleSignOn(page) {
  await step('sign in through the OIDC issuer (authorization code flow with PKCE)', async () => {
    await page.goto(BASE + '/console/#/tasks');
    const sso = page.getByRole('button', {name: 'Sign in with single sign-on'});
    await sso.waitFor({timeout: T});
    await page.screenshot({path: join(SHOTS, '20-sso-login.png')});
    await sso.click();
    await page.locator('#whoami').filter({hasText: env.SSO_SUBJECT}).waitFor({timeout: T});
    expect(!page.url().includes('code='), 'the code is gone from the address: ' + page.url());
    expect(page.url().endsWith('#/tasks'), 'back where the sign-in started: ' + page.url());
    await page.locator('h1').filter({hasText: 'Tasks'}).waitFor({timeout: T});
    expect(await page.locator('#nav-plugins').isHidden(), 'a viewer has no plugins link');
    await page.screenshot({path: join(SHOTS, '21-sso-signed-in.png')});
  });
}

// a persistent context for the fresh --user-data-dir (Playwright takes it as a parameter, not an argument)
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kite-chromium-')), {
  executablePath: '/usr/bin/chromium', headless: true, viewport: {width: 1366, height: 860}, acceptDownloads: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync']});
try {
  if (env.SCENARIOS === 'oidc') await singleSignOn(await tab(context));
  else await scenarios(await tab(context), await tab(context));
} finally {
  await context.close();
}
console.log(passed.length + ' scenario(s) passed');
if (problems.length) {
  console.log(problems.length + ' problem(s):\n' + problems.join('\n'));
  process.exit(1);
}
