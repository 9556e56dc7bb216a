/**
 * Playwright configuration of the README's walkthrough in the lab the README's
 * run command starts: `scripts/lab.sh` (through lab-sh/start.sh: port 8890,
 * Galata's access, a fresh workspace), in the environment it builds, as the
 * user running the tests (root in CI and containers included). Only
 * lab-sh/*.spec.ts; playwright.config.js runs the rest against start-lab.sh.
 *
 *   jlpm playwright test -c playwright-lab-sh.config.js
 */
const main = require('./playwright.config');

module.exports = {
  ...main,
  testDir: 'lab-sh',
  testIgnore: [],
  // One lab, one sandbox: sandbox.spec.ts stops and restarts it, then the
  // walkthrough runs (files in order, one at a time).
  workers: 1,
  fullyParallel: false,
  use: { ...main.use, baseURL: 'http://localhost:8890' },
  webServer: {
    command: 'bash lab-sh/start.sh',
    url: 'http://localhost:8890/lab',
    // lab.sh runs setup.sh (about 20 s when nothing changed, a few minutes
    // from scratch) and starts the checkout's sandbox (its venv is built once).
    timeout: 900 * 1000,
    reuseExistingServer: false,
    // SIGTERM (not SIGKILL) so that lab.sh takes its sandbox along.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30 * 1000 }
  }
};
