// dist/firefox in headless firefox-esr, driven by geckodriver through selenium-webdriver
// (Playwright's Firefox needs a build of its own). A temporary add-on gets a fixed
// moz-extension UUID (pref extensions.webextensions.uuids) so its pages can be opened by URL.
import { mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { Builder } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { FIREFOX_EXT, ROOT } from './helpers.mjs';

export const GECKODRIVER = process.env.GECKODRIVER || join(homedir(), '.cache/adstrip-tools/bin/geckodriver');
export const FIREFOX = process.env.ADSTRIP_FIREFOX || '/usr/bin/firefox-esr';
const EXT_ID = 'adstrip@adstrip.invalid';
export const EXT_UUID = '6d2b7a3e-0a5f-4c1e-9b1d-adadadadad01';

/** Starts Firefox with the built extension; the handle's helpers work on its `driver`. */
export async function launchFirefox() {
  const tmp = mkdtempSync(join(tmpdir(), 'adstrip-ff-'));
  const xpi = join(tmp, 'adstrip.xpi');
  execFileSync('node', [join(ROOT, 'extension/tools/zip.mjs'), FIREFOX_EXT, xpi]);
  const opts = new firefox.Options().addArguments('-headless').setBinary(FIREFOX);
  opts.setPreference('extensions.webextensions.uuids', JSON.stringify({ [EXT_ID]: EXT_UUID }));
  opts.setPreference('network.dns.localDomains', '');
  opts.setPreference('browser.shell.checkDefaultBrowser', false);
  opts.windowSize({ width: 1200, height: 900 });
  const driver = await new Builder()
    .forBrowser('firefox')
    .setFirefoxOptions(opts)
    // --allow-system-access: the chrome context, to open extension pages (WebDriver may not
    // navigate a content tab to moz-extension:) and set preferences.
    .setFirefoxService(new firefox.ServiceBuilder(GECKODRIVER).addArguments('--allow-system-access'))
    .build();
  await driver.installAddon(xpi, true);
  // The tab sites open in; extension pages open in tabs of their own.
  const mainTab = await driver.getWindowHandle();

  /** Runs `script` in the browser's chrome context. */
  async function chrome(script, ...args) {
    await driver.setContext(firefox.Context.CHROME);
    try {
      return await driver.executeScript(script, ...args);
    } finally {
      await driver.setContext(firefox.Context.CONTENT);
    }
  }

  const run = (fn, arg) => driver.executeScript(`return (${fn.toString()})(arguments[0])`, arg);
  const runAsync = (fn, arg) =>
    driver.executeAsyncScript(
      `const done = arguments[arguments.length - 1];
        Promise.resolve((${fn.toString()})(arguments[0])).then(done, (e) => done({ error: String(e) }));`,
      arg,
    );

  const ff = {
    driver,
    chrome,
    mainTab,
    /** Opens an extension page in a new tab and switches to it. */
    async openExtensionPage(path) {
      const before = await driver.getAllWindowHandles();
      await chrome(
        `const w = Services.wm.getMostRecentWindow('navigator:browser');
         w.gBrowser.selectedTab = w.gBrowser.addTab(arguments[0], { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });`,
        `moz-extension://${EXT_UUID}/${path}`,
      );
      let handle;
      await driver.wait(async () => {
        handle = (await driver.getAllWindowHandles()).find((h) => !before.includes(h));
        return !!handle;
      }, 5000);
      await driver.switchTo().window(handle);
      // The new tab shows about:blank until the extension page has loaded.
      await driver.wait(
        async () => driver.executeScript(`return location.protocol === 'moz-extension:' && document.readyState === 'complete'`).catch(() => false),
        5000,
        `${path} did not load`,
      );
      return handle;
    },
    /** Runs `fn(arg)` in the current page and returns its result. */
    run,
    /** Runs async `fn(arg)` in the current page (an extension page has `browser`). */
    runAsync,
    /** Waits until `fn(arg)` holds in the current page; a timeout names the condition. */
    until: (fn, arg, timeout = 5000) =>
      driver.wait(async () => !!(await run(fn, arg)), timeout, `waited ${timeout} ms for ${fn.toString().replace(/\s+/g, ' ').slice(0, 120)}`),
    /** Runs `fn(arg)` with `this` = the reader view's shadow root (open through debugOpenShadow). */
    inView: (fn, arg) => driver.executeScript(`return (${fn.toString()}).call(document.querySelector('adstrip-reader').shadowRoot, arguments[0])`, arg),
    /** Closes every tab but the main one (what a failed test left) and goes back to it. */
    async backToMain() {
      for (const h of await driver.getAllWindowHandles()) {
        if (h === mainTab) continue;
        await driver.switchTo().window(h);
        await driver.close();
      }
      await driver.switchTo().window(mainTab);
    },
    /** Runs `fn` in extension page `path` opened in a tab of its own, then back to the main tab. */
    async inExtensionPage(path, fn) {
      await ff.openExtensionPage(path);
      try {
        return await fn();
      } finally {
        await ff.backToMain();
      }
    },
    /** Replaces the settings (from an extension page). */
    setSettings: (values) =>
      ff.inExtensionPage('options.html', () =>
        runAsync(async (v) => {
          await browser.storage.sync.clear();
          await browser.storage.sync.set(v);
        }, values),
      ),
    /** Opens `url` in the main tab once `ready()` holds there; its tab id. */
    async openSite(url, ready) {
      await ff.backToMain();
      await driver.get(url);
      await ff.until(ready, null, 10000);
      const tabId = await ff.inExtensionPage('options.html', () => runAsync(tabOnHost, '127.0.0.1'));
      assert.ok(Number.isInteger(tabId), 'the page has a tab');
      return tabId;
    },
    /** The colour scheme pages see (prefers-color-scheme), light or dark. */
    setColorScheme: (scheme) =>
      chrome(`Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', arguments[0]);`, scheme === 'dark' ? 0 : 1),
    async close() {
      await driver.quit().catch(() => {});
      rmSync(tmp, { recursive: true, force: true });
    },
  };
  return ff;
}

/** From an extension page: the id of the tab whose top frame's content script says it is on
 *  `host` (without the tabs permission a tab's address cannot be read; extension pages have no
 *  content script). */
export function tabOnHost(host) {
  return (async () => {
    for (const t of await browser.tabs.query({})) {
      const st = await browser.tabs.sendMessage(t.id, { type: 'status' }, { frameId: 0 }).catch(() => null);
      if (st?.host === host) return t.id;
    }
    return null;
  })();
}
