/**
 * Playwright configuration, based on @jupyterlab/galata's defaults.
 *
 * Runs Debian's Chromium (never a downloaded browser) against a JupyterLab
 * started by `start-lab.sh` (with whatever `jupyter` and `vre-lab` are first
 * on PATH) next to a real local Rucio server, the sandbox.
 */
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');

module.exports = {
  ...baseConfig,
  // lab-sh/: the walkthrough in the lab of scripts/lab.sh (playwright-lab-sh.config.js)
  testIgnore: ['lab-sh/**'],
  reporter: [[process.env.CI ? 'line' : 'list']],
  use: {
    ...baseConfig.use,
    video: 'off',
    trace: 'off',
    launchOptions: require('./chromium')
  },
  webServer: {
    command: 'bash start-lab.sh',
    url: 'http://localhost:8888/lab',
    // Building the sandbox's server venv, when it is missing, takes ~75 s.
    timeout: 240 * 1000,
    reuseExistingServer: !process.env.CI,
    // SIGTERM (not SIGKILL) so that start-lab.sh stops the sandbox.
    gracefulShutdown: { signal: 'SIGTERM', timeout: 30 * 1000 }
  }
};
