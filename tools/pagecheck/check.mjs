#!/usr/bin/env node
// pagecheck: proves that every public page of Portal GCoM Perú, and the admin
// area's pages, are valid HTML (W3C Nu checker, vnu.jar: zero errors) and have
// no accessibility violations reported by axe-core, run in the real (headless)
// Chromium at a desktop and a phone viewport.
//
// Usage: node check.mjs [--jobs N] [--keep DIR] BASE_URL
//   BASE_URL  where the portal is served, e.g. http://127.0.0.1:8080
//   --jobs N  pages checked in the browser at once (default 2)
//   --keep D  write the fetched HTML and a JSON report into D (kept after exit)
//
// Environment: CHROMIUM (default /usr/bin/chromium), JAVA (default java).
// The admin pages are checked when accounts to sign in with are given:
//   PAGECHECK_ADMIN_EMAIL,  PAGECHECK_ADMIN_PASSWORD   an `admin` account
//   PAGECHECK_EDITOR_EMAIL, PAGECHECK_EDITOR_PASSWORD  a `city_editor` account
// (scripts/check-pages.sh creates both on its throw-away database). The admin
// checks write to the store (one edit of reported figure #1 per visit of the
// "saved" and "conflict" pages): never point them at a store that matters.
// Exit status: 0 when clean; 1 when any page failed to load with the expected
// status, any vnu error or any axe violation was found; 2 on a usage error.

import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const VNU_JAR = path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_VERSION = require('axe-core/package.json').version;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const JAVA = process.env.JAVA || 'java';

// Flags Chromium needs here: we run as root, on a machine with no network but
// the loopback, so anything that phones home must be switched off or it hangs.
// (playwright-core itself gives every launch a fresh temporary --user-data-dir.)
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const VIEWPORTS = [
  { name: 'desktop', options: { viewport: { width: 1366, height: 900 } } },
  {
    name: 'phone',
    options: { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  },
];

// axe-core runs every rule that is on by default (these include all the WCAG
// 2.0/2.1/2.2 A and AA rules, plus axe's best practices); we make sure below
// that the rules tagged with these WCAG tags are indeed among those run.
const REQUIRED_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// ---------------------------------------------------------------- arguments
function usage(message) {
  if (message) console.error(`pagecheck: ${message}`);
  console.error('usage: node check.mjs [--jobs N] [--keep DIR] BASE_URL');
  process.exit(2);
}

let jobs = 2;
let keepDir = null;
let base = null;
{
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--jobs') jobs = Number.parseInt(args[++i], 10);
    else if (a === '--keep') keepDir = args[++i];
    else if (a === '-h' || a === '--help') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (base === null) base = a;
    else usage(`unexpected argument ${a}`);
  }
  if (!base) usage('no base URL given');
  if (!Number.isInteger(jobs) || jobs < 1) usage('--jobs needs a positive whole number');
  base = base.replace(/\/+$/, '');
  try {
    new URL(base);
  } catch {
    usage(`not a URL: ${base}`);
  }
}

// ---------------------------------------------------------------- page list
// Every page is { name, url, lang, status, role, html, open? }: `name` is what
// the report shows (the URL, plus what was done on it), `url` where the browser
// goes, `role` whose session it is seen with (anon, admin or editor), and
// `open(page)`, when present, what the browser does to reach it (for a page
// that is the answer to a form: it returns that navigation's response).
const LANGS = [
  { code: 'es', prefix: '' },
  { code: 'en', prefix: '/en' },
];

const STATIC_PAGES = [
  { path: '/', status: 200 },
  { path: '/cities', status: 200 },
  { path: '/cities?supported=yes&department=Lima', status: 200 },
  { path: '/cities?q=jesus+maria', status: 200 },
  { path: '/cities?q=zzz', status: 200 }, // a filter that finds nothing
  { path: '/badges', status: 200 },
  { path: '/plans', status: 200 },
  { path: '/guides', status: 200 },
  { path: '/diploma', status: 200 },
  { path: '/exchanges', status: 200 },
  { path: '/about', status: 200 },
  { path: '/progress', status: 200 },
  { path: '/progress?pillar=adaptation&deadline=unknown', status: 200 },
  { path: '/progress?pillar=energy_access', status: 200 },
  { path: '/methodology', status: 200 },
  { path: '/data', status: 200 },
  { path: '/cities/lima/handover', status: 200 },
  { path: '/cities/ate/handover', status: 200 },
  { path: '/progress?deadline=late', status: 400 },
  { path: '/embed/cities/lima', status: 200 },
  { path: '/pagecheck-no-such-page', status: 404 },
  { path: '/cities?badge=bogus', status: 400 },
];

const ACCOUNTS = {
  admin: { email: process.env.PAGECHECK_ADMIN_EMAIL, password: process.env.PAGECHECK_ADMIN_PASSWORD },
  editor: { email: process.env.PAGECHECK_EDITOR_EMAIL, password: process.env.PAGECHECK_EDITOR_PASSWORD },
};
const CHECK_ADMIN = Boolean(ACCOUNTS.admin.email && ACCOUNTS.admin.password);
const CHECK_EDITOR = Boolean(ACCOUNTS.editor.email && ACCOUNTS.editor.password);

function pageUrl(prefix, p) {
  // The English home page is /en (/en/ is not a route).
  if (p === '/') return base + (prefix || '/');
  return base + prefix + p;
}

const problems = { load: [], html: [], a11y: [] };

async function fetchPage(url, expectedStatus) {
  let res;
  try {
    res = await fetch(url, { redirect: 'manual', headers: { accept: 'text/html' } });
  } catch (err) {
    problems.load.push({ url, message: `could not fetch: ${err.cause?.code || err.message}` });
    return null;
  }
  const body = await res.text();
  if (res.status !== expectedStatus) {
    problems.load.push({ url, message: `HTTP ${res.status}, expected ${expectedStatus}` });
  }
  const type = res.headers.get('content-type') || '';
  if (!type.startsWith('text/html')) {
    problems.load.push({ url, message: `content-type is "${type}", expected text/html` });
  }
  return body;
}

// Links like href="/en/cities/lima" found in a page: the slugs after `section/`.
function discoverSlugs(html, prefix, section) {
  const re = new RegExp(`href="${prefix}/${section}/([^"/?#]+)"`, 'g');
  const slugs = new Set();
  for (const m of html.matchAll(re)) slugs.add(m[1]);
  return [...slugs].sort();
}

async function buildPublicPages() {
  const pages = [];
  for (const lang of LANGS) {
    const fetched = new Map();
    for (const sp of STATIC_PAGES) {
      const url = pageUrl(lang.prefix, sp.path);
      const html = await fetchPage(url, sp.status);
      fetched.set(sp.path, html);
      pages.push({ name: url, url, lang: lang.code, status: sp.status, role: 'anon', html });
    }
    for (const [listPath, section] of [
      ['/cities', 'cities'],
      ['/guides', 'guides'],
    ]) {
      const listHtml = fetched.get(listPath);
      const slugs = listHtml ? discoverSlugs(listHtml, lang.prefix, section) : [];
      if (slugs.length === 0) {
        problems.load.push({
          url: pageUrl(lang.prefix, listPath),
          message: `found no links to ${lang.prefix}/${section}/{slug} to follow`,
        });
      }
      for (const slug of slugs) {
        const url = pageUrl(lang.prefix, `/${section}/${slug}`);
        pages.push({ name: url, url, lang: lang.code, status: 200, role: 'anon', html: await fetchPage(url, 200) });
      }
    }
  }
  return pages;
}

// ---------------------------------------------------------------- admin pages
const REDIRECT = new Set([301, 302, 303, 307, 308]);

// Submits the form that holds `button` and waits for the page it leads to
// (after any redirect); returns that page's response.
async function submit(page, button) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(button)]);
  return response;
}

// Signs in through the login form, as a person would; returns the session
// (cookies) for new browser contexts to start from.
async function signIn(browser, role) {
  const { email, password } = ACCOUNTS[role];
  const context = await browser.newContext({ locale: 'es-PE' });
  try {
    const page = await context.newPage();
    await page.goto(`${base}/admin/login`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    const response = await submit(page, 'form[action="/admin/login"] button[type="submit"]');
    if (response?.status() !== 200 || new URL(page.url()).pathname !== '/admin') {
      throw new Error(`could not sign in as ${email} (${role}): HTTP ${response?.status()} at ${page.url()}`);
    }
    return await context.storageState();
  } finally {
    await context.close();
  }
}

let saves = 0;
let refusals = 0;

// Admin pages reached by a form, not a link. Each runs once to fetch the HTML
// for vnu, and again at each viewport for axe.
function formPages(prefix) {
  const editUrl = pageUrl(prefix, '/admin/reported-figures/1/edit');
  // Each visit saves a new label for reported figure #1 (in this page's
  // language), so that there is always something to save.
  const relabel = async (page) => {
    const input = page.locator(`#f-label_${prefix ? 'en' : 'es'}`);
    const label = (await input.inputValue()).replace(/ \(pagecheck \d+\)$/, '');
    await input.fill(`${label} (pagecheck ${++saves})`);
  };
  const saved = {
    name: `${editUrl} (saved: the page after the redirect, with its message)`,
    url: editUrl,
    status: 200,
    open: async (page) => {
      await page.goto(editUrl);
      await relabel(page);
      return submit(page, 'form.record-form button[type="submit"]');
    },
  };
  return {
    saved,
    admin: [
      {
        name: `${pageUrl(prefix, '/admin/badges/new')} (submitted with the year "dos mil")`,
        url: pageUrl(prefix, '/admin/badges/new'),
        status: 422,
        open: async (page) => {
          await page.goto(pageUrl(prefix, '/admin/badges/new'));
          await page.fill('#f-year', 'dos mil');
          return submit(page, 'form.record-form button[type="submit"]');
        },
      },
      saved,
      ...importPreviews(prefix),
      {
        name: `${editUrl} (edit conflict: saved over an older version)`,
        url: editUrl,
        status: 409,
        open: async (page) => {
          await page.goto(editUrl);
          await relabel(page);
          // As if a colleague had saved since this form was loaded.
          await page.locator('input[name="row_version"]').evaluate((el) => {
            el.value = String(Number(el.value) - 1);
          });
          return submit(page, 'form.record-form button[type="submit"]');
        },
      },
    ],
    anon: [
      {
        name: `${pageUrl(prefix, '/admin/login')} (refused sign-in)`,
        url: pageUrl(prefix, '/admin/login'),
        status: 401,
        open: async (page) => {
          await page.goto(pageUrl(prefix, '/admin/login'));
          // A new unknown address each time: 5 failures for one account
          // within 15 minutes would be throttled (429).
          await page.fill('#email', `nobody${++refusals}@example.pe`);
          await page.fill('#password', 'not the password of anybody');
          return submit(page, 'form.stack button[type="submit"]');
        },
      },
    ],
  };
}

// The spreadsheet import's preview: a sheet that applies (200, with the apply
// form) and one with refused rows (422, with the reasons). Nothing is written.
function importPreviews(prefix) {
  const url = pageUrl(prefix, '/admin/import');
  const sheet = (name, text) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  const header = 'municipality,pillar,phase,status,year,evidence_url,note_es,note_en\n';
  const cases = [
    { label: 'a sheet that applies', status: 200, file: sheet('progreso.csv', `${header}lima,mitigation,inventory,validated,2023,https://example.org/a,Validado,Validated\nate,adaptation,goal,in_progress,,,,\n`) },
    { label: 'a sheet with refused rows', status: 422, file: sheet('malo.csv', `${header}cusco,mitigation,plann,done,dos mil,,,\natlantis,adaptation,goal,reported,2024,,,\n`) },
  ];
  return cases.map(({ label, status, file }) => ({
    name: `${url} (preview of ${label})`,
    url,
    status,
    open: async (page) => {
      await page.goto(url);
      await page.setInputFiles('#f-file', file);
      return submit(page, 'form.record-form button[type="submit"]');
    },
  }));
}

// Runs a form page's `open` once, to get the HTML the server sent.
async function fetchFormPage(page, item) {
  let response;
  try {
    response = await item.open(page);
  } catch (err) {
    problems.load.push({ url: item.name, message: `could not reach the page: ${err.message.split('\n')[0]}` });
    return null;
  }
  if (response?.status() !== item.status) {
    problems.load.push({ url: item.name, message: `HTTP ${response?.status()}, expected ${item.status}` });
  }
  return response ? response.text() : null;
}

// The admin area as a signed-in admin (every record type linked from the
// dashboard: its list, its /new form and record #1's edit form; history, audit,
// proposals, users, a refused form, a save and an edit conflict) and as a city
// editor (dashboard, plans, the first plan's form); the login page signed out.
async function buildAdminPages(browser, sessions) {
  const pages = [];
  const contexts = {};
  for (const role of Object.keys(sessions)) {
    contexts[role] = await browser.newContext({ locale: 'es-PE', storageState: sessions[role] });
  }
  contexts.anon = await browser.newContext({ locale: 'es-PE' });
  const tabs = {};
  for (const role of Object.keys(contexts)) tabs[role] = await contexts[role].newPage();

  // GET through the role's browser context (its cookies), not following redirects.
  const get = async (role, url, expected) => {
    let res;
    try {
      res = await contexts[role].request.get(url, { maxRedirects: 0, headers: { accept: 'text/html' } });
    } catch (err) {
      problems.load.push({ url, message: `could not fetch as ${role}: ${err.message.split('\n')[0]}` });
      return { status: 0, html: null };
    }
    const html = await res.text();
    if (expected !== undefined && res.status() !== expected) {
      problems.load.push({ url, message: `HTTP ${res.status()} as ${role}, expected ${expected}` });
    }
    const type = res.headers()['content-type'] || '';
    if (res.status() === 200 && !type.startsWith('text/html')) {
      problems.load.push({ url, message: `content-type is "${type}", expected text/html` });
    }
    return { status: res.status(), html, location: res.headers().location };
  };
  const add = async (role, lang, p, status = 200) => {
    const url = pageUrl(lang.prefix, p);
    const { html } = await get(role, url, status);
    pages.push({ name: role === 'admin' ? url : `${url} (as ${role})`, url, lang: lang.code, status, role, html });
    return html;
  };
  const addForm = async (role, lang, item) => {
    const html = await fetchFormPage(tabs[role], item);
    pages.push({ ...item, name: role === 'admin' ? item.name : `${item.name} (as ${role})`, lang: lang.code, role, html });
  };

  try {
    // One edit through the form before anything is read, so that a history
    // page has a change to show.
    if (CHECK_ADMIN) await fetchFormPage(tabs.admin, formPages('').saved);
    // The seed has no plan measure: make one through its form, so that record #1's edit
    // form (checked with every type's below) exists. The ledger's entries come from
    // `portal import-progress` in check-pages.sh.
    if (CHECK_ADMIN) {
      await fetchFormPage(tabs.admin, {
        name: pageUrl('', '/admin/plan-measures/new') + ' (a first measure)',
        status: 200,
        open: async (page) => {
          await page.goto(pageUrl('', '/admin/plan-measures/new'));
          await page.fill('#f-title_es', 'Red de ciclovías');
          await page.fill('#f-title_en', 'Cycle lane network');
          await page.fill('#f-position', '1');
          await page.fill('#f-budget_year', '2025');
          await page.fill('#f-budget_amount', '1500000');
          return submit(page, 'form.record-form button[type="submit"]');
        },
      });
    }
    for (const lang of LANGS) {
      const forms = formPages(lang.prefix);
      await add('anon', lang, '/admin/login');
      for (const item of forms.anon) await addForm('anon', lang, item);
      if (CHECK_ADMIN) {
        const dashboard = await add('admin', lang, '/admin');
        // The record types' cards (the progress tools have their own list, checked below).
        const cards = dashboard?.match(/<ul class="cards admin-cards">[\s\S]*?<\/ul>/)?.[0] || '';
        const types = [...new Set([...cards.matchAll(new RegExp(`href="${lang.prefix}/admin/([a-z0-9-]+)"`, 'g'))].map((m) => m[1]))];
        if (types.length === 0) {
          problems.load.push({ url: pageUrl(lang.prefix, '/admin'), message: 'found no record types linked from the dashboard' });
        }
        for (const type of types) {
          const list = await get('admin', pageUrl(lang.prefix, `/admin/${type}`));
          if (REDIRECT.has(list.status) && list.location === `${lang.prefix}/admin/${type}/1/edit`) {
            // A single record (the strategy): its list is its edit form, checked below.
          } else {
            if (list.status !== 200) {
              problems.load.push({ url: pageUrl(lang.prefix, `/admin/${type}`), message: `HTTP ${list.status}, expected 200` });
            }
            pages.push({ name: pageUrl(lang.prefix, `/admin/${type}`), url: pageUrl(lang.prefix, `/admin/${type}`), lang: lang.code, status: 200, role: 'admin', html: list.html });
            if (list.html?.includes(`href="${lang.prefix}/admin/${type}/new"`)) await add('admin', lang, `/admin/${type}/new`);
            else problems.load.push({ url: pageUrl(lang.prefix, `/admin/${type}`), message: `no link to ${lang.prefix}/admin/${type}/new` });
          }
          const edit = await add('admin', lang, `/admin/${type}/1/edit`);
          // Pages of the record that its form links to (a document's files, say).
          const sub = new RegExp(`href="${lang.prefix}/admin/${type}/1/([a-z-]+)"`, 'g');
          for (const page of new Set([...(edit || '').matchAll(sub)].map((m) => m[1]))) {
            if (page !== 'edit' && page !== 'history') await add('admin', lang, `/admin/${type}/1/${page}`);
          }
        }
        await add('admin', lang, '/admin/reported-figures/1/history');
        await add('admin', lang, '/admin/municipalities/2/progress');
        await add('admin', lang, '/admin/due');
        await add('admin', lang, '/admin/import');
        await add('admin', lang, '/admin/audit');
        await add('admin', lang, '/admin/proposals');
        await add('admin', lang, '/admin/users');
        await add('admin', lang, '/admin/account');
        await add('admin', lang, '/admin/account/mfa');
        await add('admin', lang, '/admin/audit?action=login.&page=1');
        for (const item of forms.admin) await addForm('admin', lang, item);
      }
      if (CHECK_EDITOR) {
        await add('editor', lang, '/admin');
        await add('editor', lang, '/admin/account');
        const plans = await add('editor', lang, '/admin/plans');
        const first = plans?.match(new RegExp(`href="${lang.prefix}/admin/plans/(\\d+)/edit"`))?.[1];
        if (first) await add('editor', lang, `/admin/plans/${first}/edit`);
        else problems.load.push({ url: pageUrl(lang.prefix, '/admin/plans'), message: 'the city editor sees no plan to edit' });
        // The city's progress form (a proposal), linked from the editor's dashboard.
        const dashboard = await get('editor', pageUrl(lang.prefix, '/admin'));
        const ledger = dashboard.html?.match(new RegExp(`href="${lang.prefix}(/admin/municipalities/\\d+/progress)"`))?.[1];
        if (ledger) await add('editor', lang, ledger);
        else problems.load.push({ url: pageUrl(lang.prefix, '/admin'), message: 'the city editor has no link to its progress form' });
      }
    }
  } finally {
    for (const context of Object.values(contexts)) await context.close();
  }
  return pages;
}

// ---------------------------------------------------------------- vnu
function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function checkHtml(pages, dir) {
  const files = [];
  const urlOfFile = new Map();
  pages.forEach((page, i) => {
    if (page.html === null) return;
    const file = path.join(dir, `page-${String(i).padStart(3, '0')}.html`);
    writeFileSync(file, page.html);
    files.push(file);
    urlOfFile.set(pathToFileURL(file).href, page.name);
  });
  if (files.length === 0) return;
  // One JVM for all the files; vnu writes its report to stderr. For a run
  // this short the JIT's first tier alone is about twice as fast (it then
  // needs a larger thread stack than the default for vnu's schema).
  const { code, stdout, stderr } = await run(JAVA, ['-XX:TieredStopAtLevel=1', '-Xss4m', '-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files]);
  const text = stderr.trim() || stdout.trim();
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    problems.html.push({ url: '(vnu)', message: `vnu exited ${code} without a JSON report: ${text.slice(0, 500)}` });
    return;
  }
  for (const m of report.messages || []) {
    if (m.type !== 'error' && m.type !== 'non-document-error') continue;
    const fileUrl = m.url ? new URL(m.url).href : '';
    problems.html.push({
      url: urlOfFile.get(fileUrl) || m.url || '(unknown)',
      line: m.lastLine ?? m.firstLine,
      column: m.firstColumn ?? m.lastColumn,
      message: m.message,
      extract: m.extract,
    });
  }
  if (code !== 0 && problems.html.length === 0) {
    problems.html.push({ url: '(vnu)', message: `vnu exited ${code} but reported no error: ${text.slice(0, 500)}` });
  }
}

// ---------------------------------------------------------------- axe
const notes = []; // browser console errors (CSP and the like): shown, not counted
const needsReview = new Map(); // axe "incomplete" results: shown, not counted

async function checkA11y(browser, pages, sessions) {
  for (const vp of VIEWPORTS) {
    const vpStarted = Date.now();
    // One context per role (anonymous, admin, city editor), at this viewport.
    const contexts = {};
    const contextOf = (role) => {
      contexts[role] ||= (async () => {
        const context = await browser.newContext({ ...vp.options, locale: 'es-PE', storageState: sessions[role] });
        context.setDefaultTimeout(30_000);
        // axe-core goes into every page as it is created, through the DevTools
        // protocol, which the page's CSP (script-src 'none') does not apply to;
        // the page itself stays under its CSP. (Cheaper than evaluating the
        // source into each page after it has loaded.)
        await context.addInitScript({ content: AXE_SOURCE });
        return context;
      })();
      return contexts[role];
    };
    const queue = pages.filter((p) => p.html !== null);
    let first = true;
    const worker = async () => {
      // Console errors (a blocked resource, a CSP report, a script error) are
      // shown for a person to judge; the expected 4xx of the error pages
      // themselves are left out.
      let current = null;
      const tabs = {};
      const tabOf = async (role) => {
        if (tabs[role]) return tabs[role];
        const page = await (await contextOf(role)).newPage();
        page.on('console', (msg) => {
          if (msg.type() !== 'error' || !current) return;
          const where = msg.location()?.url || '';
          if (where === current.url && current.status !== 200) return;
          notes.push({ url: current.name, viewport: vp.name, message: `${msg.text()}${where && where !== current.url ? ` (${where})` : ''}` });
        });
        page.on('pageerror', (err) => current && notes.push({ url: current.name, viewport: vp.name, message: String(err) }));
        tabs[role] = page;
        return page;
      };
      for (let item = queue.shift(); item; item = queue.shift()) {
        current = item;
        await checkOnePage(await tabOf(item.role), item, vp, first);
        first = false;
      }
      for (const page of Object.values(tabs)) await page.close();
    };
    await Promise.all(Array.from({ length: jobs }, worker));
    for (const context of Object.values(contexts)) await (await context).close();
    times.push(`axe ${vp.name} ${((Date.now() - vpStarted) / 1000).toFixed(1)}s`);
  }
}

// When the portal itself has gone away, every later page would fail too (and
// slowly, as Chromium retries): stop at once and say so.
class ServerGone extends Error {}
async function assertServerUp() {
  try {
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5_000) });
    if (res.ok) return;
    throw new Error(`HTTP ${res.status}`);
  } catch (err) {
    throw new ServerGone(`the portal at ${base} stopped answering (${err.cause?.code || err.message}); giving up`);
  }
}

async function checkOnePage(page, item, vp, verifyRules) {
  let response;
  try {
    response = item.open ? await item.open(page) : await page.goto(item.url, { waitUntil: 'load' });
  } catch (err) {
    const reason = err.message.split('\n')[0];
    problems.load.push({ url: item.name, message: `[${vp.name}] browser could not load the page: ${reason}` });
    await assertServerUp();
    return;
  }
  if (!response || response.status() !== item.status) {
    problems.load.push({
      url: item.name,
      message: `[${vp.name}] browser got HTTP ${response?.status()}, expected ${item.status}`,
    });
  }
  // axe-core was injected as the page was created (see checkA11y).
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  if (verifyRules) {
    // Fail loudly if this axe-core lacks rules for any of the WCAG tags we promise.
    const empty = await page.evaluate(
      (tags) => tags.filter((tag) => window.axe.getRules([tag]).length === 0),
      REQUIRED_TAGS,
    );
    if (empty.length) throw new Error(`axe-core ${AXE_VERSION} has no rule tagged ${empty.join(', ')}`);
  }
  const results = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations', 'incomplete'] });
    const slim = (list) =>
      list.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        tags: v.tags,
        nodes: v.nodes.map((n) => ({
          target: n.target.join(' '),
          html: n.html,
          summary: n.failureSummary,
        })),
      }));
    return { violations: slim(r.violations), incomplete: slim(r.incomplete) };
  });
  for (const v of results.violations) {
    problems.a11y.push({ url: item.name, viewport: vp.name, ...v });
  }
  for (const v of results.incomplete) {
    const rule = needsReview.get(v.id) || { help: v.help, pages: new Set(), reasons: new Map() };
    rule.pages.add(item.name);
    for (const n of v.nodes) {
      const why = (n.summary || '').replace(/^Fix (any|all) of the following:\s*/, '').replace(/\s*\n\s*/g, ' | ');
      const reason = rule.reasons.get(why) || { count: 0, example: `${item.name} [${vp.name}] ${n.target}` };
      reason.count += 1;
      rule.reasons.set(why, reason);
    }
    needsReview.set(v.id, rule);
  }
  // WCAG 1.4.10 Reflow, which axe does not test: at the phone width the page
  // itself must not scroll sideways (a wide table may, inside its own box).
  if (vp.name === 'phone') {
    const width = vp.options.viewport.width;
    const overflow = await page.evaluate((width) => {
      const doc = document.documentElement;
      const culprits = [];
      const clips = (el) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
      const describe = (el) => {
        let sel = el.tagName.toLowerCase();
        if (el.id) sel += `#${el.id}`;
        else if (el.classList.length) sel += `.${[...el.classList].join('.')}`;
        const parent = el.parentElement;
        return parent && parent !== document.body ? `${describe(parent)} > ${sel}` : sel;
      };
      if (doc.scrollWidth > width + 1) {
        // The outermost elements that stick out: each one is wider than a
        // parent that itself fits, and no ancestor scrolls or clips it.
        const walk = (el) => {
          for (const child of el.children) {
            const r = child.getBoundingClientRect();
            if (r.right > width + 1 && r.width > 0) {
              if (culprits.length < 5) culprits.push(`${describe(child)} (right edge at ${Math.round(r.right)}px)`);
            } else if (!clips(child)) {
              walk(child);
            }
          }
        };
        walk(document.body);
      }
      return { scrollWidth: doc.scrollWidth, culprits };
    }, width);
    if (overflow.scrollWidth > width + 1) {
      problems.a11y.push({
        url: item.name,
        viewport: vp.name,
        id: 'reflow',
        impact: 'serious',
        help: `Page scrolls sideways at ${width}px (content ${overflow.scrollWidth}px wide), WCAG 1.4.10 (pagecheck's own check)`,
        helpUrl: 'https://www.w3.org/WAI/WCAG22/Understanding/reflow.html',
        nodes: overflow.culprits.map((target) => ({ target, summary: 'wider than the viewport' })),
      });
    }
  }
}

// ---------------------------------------------------------------- report
function printReport(pages) {
  const byUrl = (list) => {
    const map = new Map();
    for (const p of list) {
      if (!map.has(p.url)) map.set(p.url, []);
      map.get(p.url).push(p);
    }
    return map;
  };

  if (problems.load.length) {
    console.log(`\n== Pages that did not load as expected (${problems.load.length})`);
    for (const p of problems.load) console.log(`${p.url}\n  ${p.message}`);
  }

  if (problems.html.length) {
    console.log(`\n== HTML errors (W3C Nu checker) (${problems.html.length})`);
    for (const [url, list] of byUrl(problems.html)) {
      console.log(url);
      for (const e of list) {
        const where = e.line ? `line ${e.line}${e.column ? `:${e.column}` : ''}: ` : '';
        console.log(`  ${where}${e.message}`);
        if (e.extract) console.log(`    ${e.extract.replace(/\s+/g, ' ').trim().slice(0, 160)}`);
      }
    }
  }

  // The same rule failing on the same page at both widths is one violation.
  const merged = new Map();
  for (const v of problems.a11y) {
    const key = `${v.url}\u0000${v.id}`;
    const m = merged.get(key);
    if (m) {
      m.viewports.add(v.viewport);
      for (const n of v.nodes) if (!m.nodes.some((x) => x.target === n.target)) m.nodes.push(n);
    } else {
      merged.set(key, { ...v, viewports: new Set([v.viewport]), nodes: [...v.nodes] });
    }
  }
  const violations = [...merged.values()];
  if (violations.length) {
    console.log(`\n== Accessibility violations (axe-core ${AXE_VERSION}) (${violations.length})`);
    for (const [url, list] of byUrl(violations)) {
      console.log(url);
      for (const v of list) {
        console.log(`  [${v.impact}] ${v.id}: ${v.help} (${[...v.viewports].join(', ')})`);
        console.log(`    ${v.helpUrl}`);
        for (const n of v.nodes.slice(0, 8)) {
          console.log(`    - ${n.target}`);
          if (n.summary) console.log(`      ${n.summary.replace(/\s*\n\s*/g, ' | ').slice(0, 300)}`);
        }
        if (v.nodes.length > 8) console.log(`    … and ${v.nodes.length - 8} more elements`);
      }
    }
  }

  if (notes.length) {
    const unique = new Map();
    for (const n of notes) unique.set(`${n.url}\u0000${n.message}`, n);
    console.log(`\n== Browser console errors (not counted) (${unique.size})`);
    for (const n of unique.values()) console.log(`${n.url} [${n.viewport}]\n  ${n.message}`);
  }

  if (needsReview.size) {
    console.log('\n== axe "needs review" results (not counted; for a person to look at)');
    for (const [id, rule] of needsReview) {
      console.log(`  ${id}: ${rule.help} (${rule.pages.size} pages)`);
      for (const [why, reason] of rule.reasons) {
        console.log(`    ${reason.count} × ${why.slice(0, 200)}\n      e.g. ${reason.example}`);
      }
    }
  }

  return violations.length;
}

// ---------------------------------------------------------------- main
const started = Date.now();
// How long each step took (from `since`), for the record: the check runs in CI.
const times = [];
let lastLap = started;
function lap(step, since = lastLap) {
  const now = Date.now();
  times.push(`${step} ${((now - since) / 1000).toFixed(1)}s`);
  lastLap = now;
  return now;
}
const workDir = keepDir ? path.resolve(keepDir) : mkdtempSync(path.join(tmpdir(), 'pagecheck-'));
mkdirSync(workDir, { recursive: true });
let exitCode = 1;
let browser = null;
try {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  // The public pages are fetched while the admin ones are (both mostly wait
  // for the server). For the admin: sign in once per account; every browser
  // context then starts from that session.
  const sessions = { anon: undefined };
  const [publicPages, adminPages] = await Promise.all([
    buildPublicPages(),
    (async () => {
      if (CHECK_ADMIN) sessions.admin = await signIn(browser, 'admin');
      if (CHECK_EDITOR) sessions.editor = await signIn(browser, 'editor');
      return buildAdminPages(browser, sessions);
    })(),
  ]);
  const fetched = lap('sign-in and fetch');
  const pages = [...publicPages, ...adminPages];
  const accounts = [CHECK_ADMIN && 'admin', CHECK_EDITOR && 'city editor'].filter(Boolean).join(' and ');
  console.log(
    `pagecheck: checking ${pages.length} pages (${publicPages.length} public, ${adminPages.length} admin${accounts ? `, signed in as ${accounts}` : ', signed out only: no PAGECHECK_ADMIN_EMAIL'}) at ${base} (vnu ${path.relative(process.cwd(), VNU_JAR) || VNU_JAR}, axe-core ${AXE_VERSION}, ${CHROMIUM})`,
  );
  await Promise.all([
    checkHtml(pages, workDir).then(() => lap('vnu', fetched)),
    checkA11y(browser, pages, sessions).then(() => lap('axe', fetched)),
  ]);
  console.log(`pagecheck: time spent: ${times.join(', ')}`);
  const violationCount = printReport(pages);
  if (keepDir) {
    writeFileSync(
      path.join(workDir, 'report.json'),
      JSON.stringify(
        {
          pages: pages.map((p) => p.name),
          problems,
          notes,
          needsReview: Object.fromEntries(
            [...needsReview].map(([id, r]) => [id, { help: r.help, pages: [...r.pages], reasons: Object.fromEntries(r.reasons) }]),
          ),
        },
        null,
        2,
      ),
    );
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const load = problems.load.length ? `, ${problems.load.length} page load failures` : '';
  console.log(
    `\npagecheck: ${pages.length} pages (${publicPages.length} public, ${adminPages.length} admin), ${problems.html.length} HTML errors, ${violationCount} accessibility violations${load} (${seconds}s)`,
  );
  exitCode = problems.load.length || problems.html.length || violationCount ? 1 : 0;
} catch (err) {
  console.error(`pagecheck: failed: ${err instanceof ServerGone ? err.message : err.stack || err}`);
  exitCode = 1;
} finally {
  if (browser) await browser.close().catch(() => {});
  if (!keepDir) rmSync(workDir, { recursive: true, force: true });
}
process.exit(exitCode);
