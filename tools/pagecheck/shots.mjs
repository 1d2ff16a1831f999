// Screenshots of portal pages in headless Chromium, at a desktop (1280 px) and
// a phone (375 px) width, in Spanish and in English, for a person to look at.
//
// Usage: node shots.mjs [--admin] [--full] OUT_DIR BASE_URL PATH...
//   --admin  sign in first with PAGECHECK_ADMIN_EMAIL / PAGECHECK_ADMIN_PASSWORD
//   --full   capture the whole page, not only the first screen
// Each PATH is the Spanish path; the English one is "/en" + PATH.
// Writes OUT_DIR/<name>-<es|en>-<1280|375>.png and prints the files written.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
const WIDTHS = [
  { width: 1280, options: { viewport: { width: 1280, height: 900 } } },
  { width: 375, options: { viewport: { width: 375, height: 812 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true } },
];

const args = process.argv.slice(2);
const admin = args.includes('--admin');
const full = args.includes('--full');
const [outDir, base, ...paths] = args.filter((a) => !a.startsWith('--'));
if (!outDir || !base || paths.length === 0) {
  console.error('usage: node shots.mjs [--admin] [--full] OUT_DIR BASE_URL PATH...');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
try {
  let storageState;
  if (admin) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/admin/login`);
    await page.fill('#email', process.env.PAGECHECK_ADMIN_EMAIL);
    await page.fill('#password', process.env.PAGECHECK_ADMIN_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/admin/login"] button[type="submit"]')]);
    storageState = await context.storageState();
    await context.close();
  }
  for (const { width, options } of WIDTHS) {
    const context = await browser.newContext({ ...options, storageState });
    const page = await context.newPage();
    for (const pagePath of paths) {
      for (const lang of ['es', 'en']) {
        const url = base + (lang === 'en' ? (pagePath === '/' ? '/en' : `/en${pagePath}`) : pagePath);
        const response = await page.goto(url, { waitUntil: 'load' });
        const name = pagePath.replace(/^\/+|\/+$/g, '').replace(/[^a-z0-9]+/gi, '-') || 'home';
        const file = path.join(outDir, `${name}-${lang}-${width}.png`);
        await page.screenshot({ path: file, fullPage: full });
        console.log(`${response?.status()} ${url} -> ${file}`);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
}
