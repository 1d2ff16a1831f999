#!/usr/bin/env node
// pagecheck: proves that every public page of Portal GCoM Perú is valid HTML
// (W3C Nu checker, vnu.jar: zero errors) and has no accessibility violations
// reported by axe-core, run in the real (headless) Chromium at a desktop and a
// phone viewport.
//
// Usage: node check.mjs [--jobs N] [--keep DIR] BASE_URL
//   BASE_URL  where the portal is served, e.g. http://127.0.0.1:8080
//   --jobs N  pages checked in the browser at once (default 2)
//   --keep D  write the fetched HTML and a JSON report into D (kept after exit)
//
// Environment: CHROMIUM (default /usr/bin/chromium), JAVA (default java).
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
  { path: '/pagecheck-no-such-page', status: 404 },
  { path: '/cities?badge=bogus', status: 400 },
];

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

async function buildPageList() {
  const pages = [];
  for (const lang of LANGS) {
    const fetched = new Map();
    for (const sp of STATIC_PAGES) {
      const url = pageUrl(lang.prefix, sp.path);
      const html = await fetchPage(url, sp.status);
      fetched.set(sp.path, html);
      pages.push({ url, lang: lang.code, status: sp.status, html });
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
        pages.push({ url, lang: lang.code, status: 200, html: await fetchPage(url, 200) });
      }
    }
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
    urlOfFile.set(pathToFileURL(file).href, page.url);
  });
  if (files.length === 0) return;
  // One JVM for all the files; vnu writes its report to stderr.
  const { code, stdout, stderr } = await run(JAVA, ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files]);
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

async function checkA11y(pages) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  try {
    for (const vp of VIEWPORTS) {
      const context = await browser.newContext({ ...vp.options, locale: 'es-PE' });
      context.setDefaultTimeout(30_000);
      const queue = pages.filter((p) => p.html !== null);
      let first = true;
      const worker = async () => {
        const page = await context.newPage();
        // Console errors (a blocked resource, a CSP report, a script error) are
        // shown for a person to judge; the expected 404/400 of the error pages
        // themselves are left out.
        let current = null;
        page.on('console', (msg) => {
          if (msg.type() !== 'error' || !current) return;
          const where = msg.location()?.url || '';
          if (where === current.url && current.status !== 200) return;
          notes.push({ url: current.url, viewport: vp.name, message: `${msg.text()}${where && where !== current.url ? ` (${where})` : ''}` });
        });
        page.on('pageerror', (err) => current && notes.push({ url: current.url, viewport: vp.name, message: String(err) }));
        for (let item = queue.shift(); item; item = queue.shift()) {
          current = item;
          await checkOnePage(page, item, vp, first);
          first = false;
        }
        await page.close();
      };
      await Promise.all(Array.from({ length: jobs }, worker));
      await context.close();
    }
  } finally {
    await browser.close();
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
    response = await page.goto(item.url, { waitUntil: 'load' });
  } catch (err) {
    const reason = err.message.split('\n')[0];
    problems.load.push({ url: item.url, message: `[${vp.name}] browser could not load the page: ${reason}` });
    await assertServerUp();
    return;
  }
  if (!response || response.status() !== item.status) {
    problems.load.push({
      url: item.url,
      message: `[${vp.name}] browser got HTTP ${response?.status()}, expected ${item.status}`,
    });
  }
  // Injected through the DevTools protocol, which the page's CSP
  // (script-src 'none') does not apply to; the page itself stays under its CSP.
  await page.evaluate(AXE_SOURCE);
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
    problems.a11y.push({ url: item.url, viewport: vp.name, ...v });
  }
  for (const v of results.incomplete) {
    const rule = needsReview.get(v.id) || { help: v.help, pages: new Set(), reasons: new Map() };
    rule.pages.add(item.url);
    for (const n of v.nodes) {
      const why = (n.summary || '').replace(/^Fix (any|all) of the following:\s*/, '').replace(/\s*\n\s*/g, ' | ');
      const reason = rule.reasons.get(why) || { count: 0, example: `${item.url} [${vp.name}] ${n.target}` };
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
        url: item.url,
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
const workDir = keepDir ? path.resolve(keepDir) : mkdtempSync(path.join(tmpdir(), 'pagecheck-'));
mkdirSync(workDir, { recursive: true });
let exitCode = 1;
try {
  const pages = await buildPageList();
  console.log(`pagecheck: checking ${pages.length} pages at ${base} (vnu ${path.relative(process.cwd(), VNU_JAR) || VNU_JAR}, axe-core ${AXE_VERSION}, ${CHROMIUM})`);
  await Promise.all([checkHtml(pages, workDir), checkA11y(pages)]);
  const violationCount = printReport(pages);
  if (keepDir) {
    writeFileSync(
      path.join(workDir, 'report.json'),
      JSON.stringify(
        {
          pages: pages.map((p) => p.url),
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
    `\npagecheck: ${pages.length} pages, ${problems.html.length} HTML errors, ${violationCount} accessibility violations${load} (${seconds}s)`,
  );
  exitCode = problems.load.length || problems.html.length || violationCount ? 1 : 0;
} catch (err) {
  console.error(`pagecheck: failed: ${err instanceof ServerGone ? err.message : err.stack || err}`);
  exitCode = 1;
} finally {
  if (!keepDir) rmSync(workDir, { recursive: true, force: true });
}
process.exit(exitCode);
