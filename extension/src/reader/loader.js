// Reader mode's part of the content script (top frame only): the toggle (from the popup, or the
// shortcut and the context menu through the service worker), the popup's status question and the
// per-site "always" list. The reader itself (pre-pass, view, the reader wasm's glue) comes from
// `adstrip-reader:load` (extension/tools/build.mjs resolves it per browser): in Chromium a module
// of its own imported on first use (lazy.js), in Firefox bundled in (inline.js). The reader wasm
// is fetched on first use in both.

import { loadReader } from 'adstrip-reader:load';
import { api } from '../api.js';
import { parseSettings, isReaderSite, READER_KEYS } from '../settings.js';

export class ReaderLoader {
  /** `settings()`: the current settings; `useSw()`: promise of whether wasm is refused here;
   *  `logOnce(what, e)`; `host()`: the site; `shadowMode()`: the view's shadow root, 'closed'
   *  but for the tests that audit the view in the page. */
  constructor({ settings, useSw, logOnce, host, shadowMode = () => 'closed' }) {
    Object.assign(this, { settings, useSw, logOnce, host, shadowMode });
    this.module = null; // promise of the reader module
    this.view = null;
    this.busy = null; // the toggle in progress
    this.last = null; // {path, timings, readerable, title, error, resets} of the last extraction
    this.debugTrapped = false; // the tests' trap (storage.local debugFailReader) was used here
  }

  /** Whether this extraction is to trap: once a page, and only when a test asks for it. */
  async debugTrap() {
    if (this.debugTrapped) return false;
    const { debugFailReader } = await api.storage.local.get('debugFailReader').catch(() => ({}));
    this.debugTrapped = debugFailReader === true;
    return this.debugTrapped;
  }

  load() {
    this.module ??= loadReader().catch((e) => {
      this.module = null;
      throw e;
    });
    return this.module;
  }

  get isOpen() {
    return !!this.view?.isOpen;
  }

  async getView() {
    const { ReaderView } = await this.load();
    this.view ??= new ReaderView({
      settings: this.settings() || parseSettings({}),
      onSetting: (key, value) => api.storage.sync.set({ [key]: value }).catch((e) => this.logOnce('saving a reader setting failed', e)),
      onClose: () => this.close(),
      shadowMode: this.shadowMode(),
    });
    return this.view;
  }

  close() {
    this.view?.close();
    return { ok: true, open: false };
  }

  /** Opens reader mode. Without `force`, a page that does not look like an article is left
   *  alone ({ok: false, reason: 'not-readerable'}); with it, a page without any article shows
   *  a message in the view instead. */
  async open(force) {
    const [{ extractLive }, useSw, debugTrap] = await Promise.all([this.load(), this.useSw(), this.debugTrap()]);
    const r = await extractLive({ useSw, debugTrap });
    this.last = {
      path: r.path,
      timings: r.timings,
      readerable: r.article?.readerable ?? null,
      title: r.article?.title ?? null,
      error: r.error || null,
      resets: r.resets,
    };
    if (r.article && !r.article.readerable && !force) return { ok: false, open: false, reason: 'not-readerable', path: r.path };
    if (!r.article && !force) return { ok: false, open: false, reason: r.code || 'failed', error: r.error, path: r.path };
    const view = await this.getView();
    view.apply(this.settings() || parseSettings({}));
    if (r.article) view.open(r.article);
    else view.open(null, `adstrip found no article on this page (${r.error}).`);
    return { ok: true, open: true, path: r.path, timings: r.timings, readerable: r.article?.readerable ?? false };
  }

  toggle(action, force) {
    if (this.busy) return this.busy;
    const open = this.isOpen;
    if (action === 'close' || (action !== 'open' && open)) return Promise.resolve(this.close());
    if (open) return Promise.resolve({ ok: true, open: true });
    this.busy = this.open(!!force).finally(() => {
      this.busy = null;
    });
    return this.busy;
  }

  /** The popup's question: is reader mode open, and (`check`) does the page look like an article? */
  async status(check) {
    const base = { open: this.isOpen, last: this.last };
    if (!check || base.open) return { ...base, readerable: this.last?.readerable ?? null };
    const { checkLive } = await this.load();
    return { ...base, readerable: await checkLive() };
  }

  /** The reading settings changed elsewhere: the open view follows. */
  onSettings(settings, changes) {
    // Only the keys this change is about: the stored copy read for it may not hold yet what the
    // view itself saved a moment later (three quick clicks would bounce the font size back).
    const keys = READER_KEYS.filter((k) => k in changes);
    if (this.isOpen && keys.length) this.view.apply({ ...this.view.settings, ...Object.fromEntries(keys.map((k) => [k, settings[k]])) });
  }

  /** Opens reader mode on sites of the "always" list once the page has loaded. */
  auto() {
    const s = this.settings();
    if (window !== window.top || !s || !isReaderSite(s, this.host())) return;
    const go = () => this.toggle('open', false).catch((e) => this.logOnce('reader mode failed', e));
    if (document.readyState === 'complete') go();
    else window.addEventListener('load', go, { once: true });
  }
}
