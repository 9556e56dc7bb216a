/**
 * How the browser tests launch Debian's Chromium (never a downloaded browser):
 * Galata's (playwright.config.js) and the hub's (tests/hub/browser_check.mjs).
 */
module.exports = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync'
  ]
};
