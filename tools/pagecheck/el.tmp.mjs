import { chromium } from 'playwright-core';
const [url, sel, out, width] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--headless'] });
const p = await b.newPage({ viewport: { width: Number(width || 1280), height: 900 } });
await p.goto(url);
await p.locator(sel).first().screenshot({ path: out });
await b.close();
