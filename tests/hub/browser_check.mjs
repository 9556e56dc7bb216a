// The VRE panel in Debian's Chromium behind the real hub, for tests/test_hub.py, driven by
// playwright-core from .venv-hub/node/node_modules (the folder is given as `playwright`).
//
//   node browser_check.mjs '<json>'   json: {playwright, hub, user, password, instance_title,
//                                             expect: "connected" | "login", query, did,
//                                             screenshot}
//
// Logs in at /hub/login as a person does, lands in /user/NAME/lab, opens the VRE panel's Data
// section and waits for the Rucio connection line: "Connected as NAME on TITLE" (then searches
// for `did` and waits for its row) or, for `expect: "login"`, the credentials_missing state
// ("Log in to TITLE." with the login form). Prints one JSON line: every URL the page asked for.
/* global process, console, document */
import { createRequire } from 'module';

const args = JSON.parse(process.argv[2]);
const require = createRequire(args.playwright + '/');
const { chromium } = require('playwright-core');
// Debian's Chromium, launched as the Galata tests launch it
const chromiumOptions = createRequire(import.meta.url)(
  '../../ui-tests/chromium.js'
);

const browser = await chromium.launch(chromiumOptions);
const requests = [];
let failure = null;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(60000);
  page.on('request', request => requests.push(request.url()));

  await page.goto(`${args.hub}hub/login`);
  await page.fill('#username_input', args.user);
  await page.fill('#password_input', args.password);
  await page.click('#login_submit');
  await page.waitForURL(`${args.hub}user/${args.user}/lab**`, { timeout: 120000 });

  const tab = page.locator('.jp-SideBar .lm-TabBar-tab[data-id="vre-lab-sidebar"]');
  await tab.click();
  const panel = page.locator('#vre-lab-sidebar');
  await panel.waitFor({ state: 'visible' });
  for (const id of ['data', 'workflows', 'publish']) {
    const title = panel.locator(`.jp-AccordionPanel-title[aria-controls="vre-lab-${id}"]`);
    const expanded = (await title.getAttribute('aria-expanded')) === 'true';
    if (expanded !== (id === 'data')) {
      await title.click();
    }
  }
  const data = panel.getByTestId('vre-lab-data');
  const connection = data.getByTestId('vre-rucio-connection');
  if (args.expect === 'connected') {
    await connection
      .getByText(`Connected as ${args.user} on ${args.instance_title}`)
      .waitFor();
    await data.getByTestId('vre-rucio-query').fill(args.query);
    await data.getByTestId('vre-rucio-type').selectOption('dataset');
    await data.getByTestId('vre-rucio-search-button').click();
    await data
      .locator(`[data-testid="vre-rucio-results"] [data-did="${args.did}"]`)
      .waitFor();
  } else {
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-testid="vre-rucio-connection"]')
          ?.getAttribute('data-state') === 'login'
    );
    await connection.getByText(`Log in to ${args.instance_title}.`).waitFor();
    await data.getByTestId('vre-rucio-login').waitFor();
  }
  if (args.screenshot) {
    await page.screenshot({ path: args.screenshot });
  }
} catch (error) {
  failure = String(error);
} finally {
  await browser.close();
}
console.log(JSON.stringify({ requests, failure }));
