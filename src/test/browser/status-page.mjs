// Loads the status page in headless Chromium, reads what it shows, checks that it runs no script
// and loads nothing from another host, and saves a full-page screenshot. Prints one JSON line.
// Usage: node status-page.mjs <baseUrl> <functionKey> <screenshotPath>
import { chromium } from 'playwright-core';

const [baseUrl, key, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const origin = new URL(baseUrl).origin;
  const foreign = [];
  page.on('request', (r) => { if (new URL(r.url()).origin !== origin) foreign.push(r.url()); });
  const response = await page.goto(`${baseUrl}/api/status?code=${encodeURIComponent(key)}`,
    { waitUntil: 'load' });
  const text = async (selector) => (await page.locator(selector).first().textContent()).trim();
  const rows = async (selector) => Math.max(0, (await page.locator(`${selector} tr`).count()) - 1);
  const result = {
    status: response.status(),
    title: await page.title(),
    scripts: await page.evaluate(() => document.scripts.length),
    refresh: await page.evaluate(
      () => document.querySelector('meta[http-equiv="refresh"]')?.getAttribute('content') ?? null),
    fleetJobs: await text('#fleet-jobs'),
    alertCounts: await text('#alert-counts'),
    alertRows: await rows('#alerts'),
    subscriptionRows: await rows('#subscriptions'),
    subscriptions: await text('#subscriptions'),
    logLag: await text('#log-lag'),
    // Times read relative ("5 min ago") with the exact ISO time on hover.
    times: await page.evaluate(() => [...document.querySelectorAll('time')].map(
      (t) => ({ text: t.textContent, title: t.getAttribute('title'),
                datetime: t.getAttribute('datetime') }))),
    isoInText: await page.evaluate(
      () => document.body.innerText.match(/.{0,60}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z.{0,20}/g)),
    attentionRows: await rows('#attention'),
    jobLinks: await page.evaluate(
      () => [...document.querySelectorAll('#attention a.job')].map((a) => a.getAttribute('href'))),
    entraLinks: await page.evaluate(
      () => [...document.querySelectorAll('#attention a.entra')].map((a) => a.href)),
    countdowns: await page.evaluate(
      () => [...document.querySelectorAll('#attention td.countdown')].map((td) => td.textContent)),
    uploadCounts: await text('#upload-counts'),
    uploadRows: await rows('#uploads'),
    fleetWeekBars: await page.locator('#fleet-week rect').count(),
    alertsWeekBars: await page.locator('#alerts-week rect').count(),
    todayTitles: await page.evaluate(
      () => [...document.querySelectorAll('#fleet-week rect title')].map((t) => t.textContent)),
    foreign,
  };
  // Every job link opens its job view: the key the page was opened with travels along.
  result.jobLinkStatuses = [];
  for (const href of result.jobLinks.slice(0, 5)) {
    result.jobLinkStatuses.push((await page.request.get(new URL(href, baseUrl).toString())).status());
  }
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
