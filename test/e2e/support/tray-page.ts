/**
 * The tray web shell in headless Chromium, read and clicked the way a user does: by the labels on
 * the screen (the renderer's own words), never by CSS classes or test ids.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM } from './e2e-prerequisites.js';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-gpu',
    ],
  });
}

export class TrayPage {
  /** Console errors and uncaught exceptions of the page; a healthy run has none. */
  readonly problems: string[] = [];

  private constructor(readonly page: Page) {
    page.on('console', (m) => void (m.type() === 'error' && this.problems.push(m.text())));
    page.on('pageerror', (e) => void this.problems.push(e.message));
  }

  static async open(browser: Browser, url: string): Promise<TrayPage> {
    const tray = new TrayPage(await browser.newPage());
    await tray.page.goto(url);
    await tray.page.getByRole('navigation', { name: 'Tray menu' }).waitFor({ timeout: 10_000 });
    return tray;
  }

  menuItem(label: string) {
    return this.page
      .getByRole('navigation', { name: 'Tray menu' })
      .getByRole('button', { name: label, exact: true });
  }

  async hasMenuItem(label: string): Promise<boolean> {
    return (await this.menuItem(label).count()) > 0;
  }

  async menuLabels(): Promise<string[]> {
    return this.page
      .getByRole('navigation', { name: 'Tray menu' })
      .getByRole('button')
      .allInnerTexts();
  }

  async hasText(text: string | RegExp): Promise<boolean> {
    return (await this.page.getByText(text).count()) > 0;
  }

  /** Fills the sync prompt and presses `Update password`. */
  async submitPrompt(newPassword: string, previousPassword: string): Promise<void> {
    await this.page.getByLabel('New password', { exact: true }).fill(newPassword);
    await this.page.getByLabel('Previous password', { exact: true }).fill(previousPassword);
    await this.page.getByRole('button', { name: 'Update password', exact: true }).click();
  }

  async alertText(): Promise<string> {
    const alerts = this.page.getByRole('alert');
    return (await alerts.count()) > 0 ? ((await alerts.first().textContent()) ?? '') : '';
  }

  close(): Promise<void> {
    return this.page.close();
  }
}
