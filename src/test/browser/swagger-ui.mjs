// Loads Swagger UI in headless Chromium, checks it lists the operations, runs "Check that the app
// is ready" through "Try it out", and saves a screenshot. Prints one JSON line for the Java test.
// Usage: node swagger-ui.mjs <baseUrl> <screenshotPath>
import { chromium } from 'playwright-core';

const [baseUrl, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  await page.goto(`${baseUrl}/api/swagger/ui`, { waitUntil: 'networkidle' });
  await page.waitForSelector('.opblock', { timeout: 30000 });
  const operations = await page.locator('.opblock').count();
  const title = (await page.locator('.info .title').first().textContent()).trim();
  const health = page.locator('.opblock').filter({ hasText: '/health' }).first();
  await health.locator('.opblock-summary').click();
  await health.getByRole('button', { name: 'Try it out' }).click();
  await health.getByRole('button', { name: 'Execute' }).click();
  const status = health.locator('.live-responses-table tr.response .response-col_status').first();
  await status.waitFor({ timeout: 30000 });
  const code = (await status.textContent()).trim();
  await page.screenshot({ path: screenshot, fullPage: false });
  console.log(JSON.stringify({ operations, title, code }));
} finally {
  await browser.close();
}
