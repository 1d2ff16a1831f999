import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--headless'] });
const p = await b.newPage({ viewport: { width: 375, height: 812 }, isMobile: true });
await p.goto(process.argv[2]);
const r = await p.evaluate(() => [...document.querySelectorAll('*')].map(e => [e.tagName, e.className && e.className.baseVal === undefined ? e.className : '', Math.round(e.getBoundingClientRect().right), Math.round(e.scrollWidth)]).filter(x => x[2] > 380 || x[3] > 380).slice(0, 15));
console.log(JSON.stringify(r));
await b.close();
