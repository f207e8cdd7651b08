// The detector's wasm in a frame: made from the module boot.js compiled ahead (from document
// start, while the page loads), else fetched; instantiated once, when the frame's core needs it
// (`load`), or at once, in the current task, when an idle frame wakes with that module compiled
// (`loadNow`: what the page added is then hidden before it is painted).

export class DetectorWasm {
  /** `glue`: the detector's wasm-bindgen module; `stats`: the frame's stats; `forceSw()`: the
   *  tests' switch to the service worker's path; `guarded(what, fn, fallback)` runs fn, logging
   *  errors; `url()`: the .wasm file's address. */
  constructor({ glue, stats, forceSw, guarded, url }) {
    Object.assign(this, { glue, stats, forceSw, guarded, url });
    this.ahead = null; // promise of the module compiled ahead, until it is used
    this.module = null; // that module once compiled, until it is used
    this.ready = null; // promise of true (usable in this page) or false, once loading began
  }

  /** Takes the module boot.js is compiling (a promise, or null). */
  compiledAhead(promise) {
    this.ahead = promise ?? null;
    promise?.then(
      (module) => {
        this.stats.wasmCompiledAt ??= Math.round(performance.now());
        if (this.ahead === promise) this.module = module;
      },
      () => {}, // load() meets the error and decides
    );
  }

  /** Instantiates the wasm (once); resolves to whether it is usable in this page. */
  load() {
    this.ready ??= (async () => {
      if (this.forceSw()) return false;
      this.stats.wasmLoadAt ??= Math.round(performance.now());
      const source = this.ahead ?? this.url();
      this.ahead = this.module = null;
      try {
        await this.glue.default({ module_or_path: source });
        return true;
      } catch (e) {
        // Chromium applies the page's CSP to wasm compiled here (a CompileError with an empty
        // message); any other load failure takes the same way out.
        if (!(e instanceof WebAssembly.CompileError)) console.debug('[adstrip] wasm unavailable in this page, using the service worker', e);
        return false;
      }
    })().then((ok) => ((this.stats.wasmReadyAt ??= Math.round(performance.now())), ok));
    return this.ready;
  }

  /** Instantiates the wasm in this task when the module compiled ahead is at hand and nothing
   *  was loaded yet; false when it cannot. */
  loadNow() {
    const module = this.module;
    if (!module || this.ready || this.forceSw()) return false;
    const ok = this.guarded(
      'the wasm failed',
      () => {
        this.stats.wasmLoadAt ??= Math.round(performance.now());
        this.glue.initSync({ module });
        return true;
      },
      false,
    );
    if (!ok) return false;
    this.ahead = this.module = null;
    this.ready = Promise.resolve(true);
    this.stats.wasmReadyAt ??= Math.round(performance.now());
    return true;
  }

  /** Whether the wasm was refused in this page (the reader then takes the worker's way too). */
  async refused() {
    return this.ready ? (await this.ready) === false : false;
  }
}
