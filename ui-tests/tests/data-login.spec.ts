/**
 * The Data (Rucio) section: logging in to an instance without configured
 * credentials, and a dataset's availability in replica mode, against the
 * sandbox that start-lab.sh starts.
 *
 * start-lab.sh configures two instances on the same server: `sandbox` (first,
 * with the sandbox's credentials) and `login` (account root, no username or
 * password). The sandbox's username and password reach these tests only
 * through the 0600 file ui-tests/.sandbox-login that start-lab.sh writes.
 */
import { expect, test } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

import { openDataSection as openData } from './panel';

const LOGIN_FILE = path.resolve(__dirname, '..', '.sandbox-login');
const SKIM = 'user.root:higgs4l-skim-m120-130';

test.setTimeout(120 * 1000);

/**
 * The sandbox's username and password.
 */
function sandboxLogin(): { username: string; password: string } {
  return JSON.parse(fs.readFileSync(LOGIN_FILE, 'utf-8'));
}

/**
 * Choose the `login` instance, as a user does, and return its login form.
 */
async function chooseLogin(data: Locator): Promise<Locator> {
  const connection = data.getByTestId('vre-rucio-connection');
  await expect(connection).toContainText(/Connected as root on Sandbox/);
  await data.getByTestId('vre-rucio-instance').selectOption('login');
  await expect(connection).toHaveAttribute('data-state', 'login');
  await expect(connection).toContainText('Log in to Login test (local Rucio).');
  const form = data.getByTestId('vre-rucio-login');
  await expect(form).toBeVisible();
  return form;
}

/**
 * Fill in the login form and submit it.
 */
async function logIn(
  form: Locator,
  username: string,
  password: string
): Promise<void> {
  await form.getByTestId('vre-rucio-login-username').fill(username);
  await form.getByTestId('vre-rucio-login-password').fill(password);
  await form.getByRole('button', { name: 'Log in' }).click();
}

test.describe('Data panel: logging in', () => {
  test('asks for the credentials an instance lacks, and says when they are wrong', async ({
    page
  }) => {
    const { username, password } = sandboxLogin();
    const wrong = `${password}-wrong`;
    const data = await openData(page);
    const form = await chooseLogin(data);
    await expect(form.getByTestId('vre-rucio-login-username')).toHaveValue('');
    await expect(form.getByTestId('vre-rucio-login-password')).toHaveValue('');

    await logIn(form, username, wrong);

    // One line of error, the form stays, the password is gone.
    const error = form.getByRole('alert');
    await expect(error).toBeVisible();
    await expect(error).toContainText(
      'Rucio Login test (local Rucio) did not accept the credentials'
    );
    // One message, no line breaks (it wraps in a narrow sidebar).
    await expect(error).toHaveCount(1);
    expect(await error.innerText()).not.toContain('\n');
    await expect(form).toBeVisible();
    const connection = data.getByTestId('vre-rucio-connection');
    await expect(connection).toHaveAttribute('data-state', 'login');
    await expect(connection).toContainText(
      'Login test (local Rucio) rejected the credentials. Log in again.'
    );
    await expect(form.getByTestId('vre-rucio-login-password')).toHaveValue('');
    await expect(form.getByTestId('vre-rucio-login-username')).toHaveValue(
      username
    );
    const html = await page.content();
    expect(html).not.toContain(wrong);
    expect(html).not.toContain(password);
    await expect(data.getByTestId('vre-rucio-search-button')).toHaveCount(0);
  });

  test('logs in with the right password, searches, and logs out', async ({
    page
  }) => {
    const { username, password } = sandboxLogin();
    const data = await openData(page);
    const form = await chooseLogin(data);

    await logIn(form, username, password);

    const connection = data.getByTestId('vre-rucio-connection');
    await expect(connection).toContainText(
      /Connected as root on Login test \(local Rucio\)/
    );
    await expect(form).toHaveCount(0);
    expect(await page.content()).not.toContain(password);

    // Searching works with the typed credentials.
    await data.getByTestId('vre-rucio-query').fill('demo:higgs4l-*');
    await data.getByTestId('vre-rucio-type').selectOption('dataset');
    await data.getByTestId('vre-rucio-search-button').click();
    await expect(data.getByTestId('vre-rucio-count')).toHaveText(
      'All 3 results'
    );

    // Log out: the form is back, empty.
    await connection.getByRole('button', { name: 'Log out' }).click();
    await expect(connection).toHaveAttribute('data-state', 'login');
    await expect(form).toBeVisible();
    await expect(form.getByTestId('vre-rucio-login-password')).toHaveValue('');
    expect(await page.content()).not.toContain(password);
  });
});

test.describe('Data panel: replica mode', () => {
  test('shows a dataset pinned on the destination RSE as available as a replica', async ({
    page
  }) => {
    const data = await openData(page);
    await expect(data.getByTestId('vre-rucio-connection')).toContainText(
      /Connected as root on Sandbox \(local Rucio\)/
    );
    await data.getByTestId('vre-rucio-query').fill(SKIM);
    await data.getByTestId('vre-rucio-type').selectOption('dataset');
    await data.getByTestId('vre-rucio-search-button').click();
    await data
      .locator(`[data-testid="vre-rucio-results"] [data-did="${SKIM}"]`)
      .click();
    const dataset = data.getByTestId('vre-rucio-did');
    await expect(dataset).toHaveAttribute('data-did', SKIM);

    await dataset.getByTestId('vre-rucio-mode').selectOption('replica');
    const availability = dataset.getByTestId('vre-rucio-availability');
    const make = dataset.getByTestId('vre-rucio-make-available');

    // The sandbox's seed pins this dataset on SANDBOX_DISK, the destination
    // RSE (rule "user skim"): once checked, it is available here as it is,
    // and there is nothing to make available. (While the check runs the
    // button is enabled: waiting for the answer keeps this test from racing
    // it.)
    await expect(availability).toHaveAttribute('data-state', 'available', {
      timeout: 30 * 1000
    });
    await expect(availability).toContainText('Available here (replica)');
    await expect(make).toBeDisabled();
  });
});
