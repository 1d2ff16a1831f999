// Visitor journeys in a real browser (Debian's Chromium through playwright-core), at a desktop
// (1280 px) and a phone (375 px) width: find a city from the home page, filter the list, open a
// city from the map, switch language, download a published guide. Every page a journey reaches
// is checked with axe-core (no violation) and, on the phone, for sideways scrolling.
//
// Usage: node journeys.mjs BASE_URL
// Environment: CHROMIUM (default /usr/bin/chromium); PAGECHECK_ADMIN_EMAIL and
// PAGECHECK_ADMIN_PASSWORD (the download journey first publishes a guide with a file, as an
// admin, through the admin's own forms).
// Exit status: 0 when every journey reached its end with no problem, 1 otherwise.

import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'];
const VIEWPORTS = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 900 } } },
  { name: 'phone', options: { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true } },
];

const base = (process.argv[2] || '').replace(/\/+$/, '');
if (!base) {
  console.error('usage: node journeys.mjs BASE_URL');
  process.exit(2);
}
const problems = [];
const checked = new Set();

/// Fails the journey with a message.
function fail(journey, vp, message) {
  problems.push(`${journey} [${vp.name}]: ${message}`);
}

/// axe-core and, on the phone, the page's width: what every page of a journey must pass.
async function checkPage(page, journey, vp) {
  const url = page.url();
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help}`);
  });
  for (const v of violations) fail(journey, vp, `${url}: axe ${v}`);
  if (vp.name === 'phone') {
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    if (scroll > client) fail(journey, vp, `${url}: the page scrolls sideways (${scroll} px wide for ${client})`);
  }
  checked.add(`${url} [${vp.name}]`);
}

/// Clicks and waits for the page it leads to.
async function follow(page, locator) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  return response;
}

async function heading(page) {
  return (await page.locator('h1').first().textContent())?.trim();
}

// ---------------------------------------------------------------- journeys

/// From the home page, search "jesus maria" and open the city.
async function findACity(page, vp) {
  const journey = 'find a city from the home page';
  await page.goto(`${base}/`);
  await checkPage(page, journey, vp);
  await page.fill('#home-q', 'jesus maria');
  await follow(page, page.locator('form.find-city button[type="submit"]'));
  if (!page.url().includes('/cities?q=')) return fail(journey, vp, `the search went to ${page.url()}`);
  await checkPage(page, journey, vp);
  const link = page.locator('table a', { hasText: 'Jesús María' });
  if ((await link.count()) !== 1) return fail(journey, vp, 'the list does not show Jesús María once');
  await follow(page, link);
  if ((await heading(page)) !== 'Jesús María') return fail(journey, vp, `the city page's heading is ${await heading(page)}`);
  await checkPage(page, journey, vp);
}

/// Filter the list of cities, then open one from the map.
async function filterAndOpenFromTheMap(page, vp) {
  const journey = 'filter the list and open a city from the map';
  await page.goto(`${base}/cities`);
  await page.selectOption('#department', 'Lima');
  await page.selectOption('#supported', 'yes');
  await follow(page, page.locator('form.filters button[type="submit"]'));
  const url = new URL(page.url());
  if (url.searchParams.get('department') !== 'Lima') return fail(journey, vp, `the filter went to ${page.url()}`);
  const count = await page.locator('.result-count').textContent();
  if (!/\d+ municipalidades/.test(count || '')) return fail(journey, vp, `no result count: ${count}`);
  await checkPage(page, journey, vp);
  // Miraflores is in the Lima inset: its marker is a link like any other.
  const marker = page.locator('svg.city-map a.marker[href="/cities/miraflores"]');
  if ((await marker.count()) !== 1) return fail(journey, vp, 'no marker of Miraflores on the map');
  const box = await marker.locator('circle.hit').boundingBox();
  if (vp.name === 'phone' && box && box.width < 23.5) {
    fail(journey, vp, `the marker's touch target is ${box.width.toFixed(1)} px across, under 24`);
  }
  await follow(page, marker);
  if ((await heading(page)) !== 'Miraflores') return fail(journey, vp, `the map led to ${page.url()}`);
  await checkPage(page, journey, vp);
}

/// Switch language on a city page and back.
async function switchLanguage(page, vp) {
  const journey = 'switch language';
  await page.goto(`${base}/cities/lima`);
  await follow(page, page.locator('header .lang-switch'));
  if (new URL(page.url()).pathname !== '/en/cities/lima') return fail(journey, vp, `English is at ${page.url()}`);
  if ((await page.getAttribute('html', 'lang')) !== 'en') return fail(journey, vp, 'the English page is not lang="en"');
  if (!(await page.locator('main').textContent())?.includes('GCoM journey')) fail(journey, vp, 'the English page is not in English');
  await checkPage(page, journey, vp);
  await follow(page, page.locator('header .lang-switch'));
  if (new URL(page.url()).pathname !== '/cities/lima') fail(journey, vp, `back in Spanish at ${page.url()}`);
}

/// The smallest valid PDF: what a coordinator uploads as the guide's file.
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/// As an admin: upload a file to the first guide and publish it. Returns the guide's slug.
async function publishAGuide(browser) {
  const email = process.env.PAGECHECK_ADMIN_EMAIL;
  const password = process.env.PAGECHECK_ADMIN_PASSWORD;
  if (!email || !password) throw new Error('PAGECHECK_ADMIN_EMAIL and PAGECHECK_ADMIN_PASSWORD are needed to publish a guide');
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${base}/admin/login`);
    await page.fill('#email', email);
    await page.fill('#password', password);
    await follow(page, page.locator('form[action="/admin/login"] button[type="submit"]'));
    await page.goto(`${base}/admin/documents/1/files`);
    const dir = mkdtempSync(path.join(tmpdir(), 'journey-'));
    const file = path.join(dir, 'Guía PLAC Amazonía.pdf');
    writeFileSync(file, PDF);
    await page.setInputFiles('input[type="file"]', file);
    await follow(page, page.locator('form[enctype="multipart/form-data"] button[type="submit"]'));
    rmSync(dir, { recursive: true, force: true });
    await page.goto(`${base}/admin/documents/1/edit`);
    await page.selectOption('#f-status', 'published');
    await follow(page, page.locator('form.record-form button[type="submit"]').first());
    await page.goto(`${base}/admin/documents/1/edit`);
    return await page.inputValue('#f-slug');
  } finally {
    await context.close();
  }
}

/// From the guides page, open the published guide and download its file.
async function downloadAGuide(page, vp, slug) {
  const journey = 'download a published guide';
  await page.goto(`${base}/guides`);
  await checkPage(page, journey, vp);
  await follow(page, page.locator(`a[href="/guides/${slug}"]`).first());
  await checkPage(page, journey, vp);
  const link = page.locator(`a[href="/guides/${slug}/download"]`);
  if ((await link.count()) === 0) return fail(journey, vp, 'the published guide has no download link');
  const [download] = await Promise.all([page.waitForEvent('download'), link.first().click()]);
  const name = download.suggestedFilename();
  if (!name.endsWith('.pdf')) fail(journey, vp, `the download is named ${name}`);
  const saved = await download.path();
  if (!saved || !readFileSync(saved).subarray(0, 5).equals(Buffer.from('%PDF-'))) fail(journey, vp, 'the download is not the PDF');
}

// ---------------------------------------------------------------- run
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
let code = 1;
try {
  const slug = await publishAGuide(browser);
  for (const vp of VIEWPORTS) {
    const context = await browser.newContext({ ...vp.options, locale: 'es-PE', acceptDownloads: true });
    const page = await context.newPage();
    for (const journey of [findACity, filterAndOpenFromTheMap, switchLanguage]) {
      try {
        await journey(page, vp);
      } catch (err) {
        fail(journey.name, vp, `stopped: ${err.message.split('\n')[0]}`);
      }
    }
    try {
      await downloadAGuide(page, vp, slug);
    } catch (err) {
      fail('download a published guide', vp, `stopped: ${err.message.split('\n')[0]}`);
    }
    await context.close();
  }
  code = problems.length === 0 ? 0 : 1;
} catch (err) {
  problems.push(`journeys could not start: ${err.message.split('\n')[0]}`);
} finally {
  await browser.close();
}
for (const p of problems) console.log(`journeys: ${p}`);
console.log(`journeys: ${checked.size} pages checked in 4 journeys at 1280 and 375 px, ${problems.length} problems`);
process.exit(code);
