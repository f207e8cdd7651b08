// One wasm build's instance and the object made from it (a PageScanner, a Reader, a Session),
// replaced by a fresh one when a call traps. Used by the service worker, the content script's
// detector and the in-page reader.
//
// Why: the builds abort on panic (`panic = "abort"`), and a trap (a stack overflow, `unreachable`,
// an out-of-bounds access) leaves the instance's memory and shadow stack as they were at that
// moment: later calls on the same instance may fail on every page ("memory access out of
// bounds"). A trap therefore discards the object and the instance: the glue's
// `__wbg_reset_state` (wasm-bindgen --experimental-reset-state-function) instantiates the
// compiled module again, synchronously, and the next call gets a new object on it. A glue built
// without that function cannot be re-instantiated: the object is dropped and `get()` fails from
// then on, so the caller takes its fallback instead of calling into a broken instance.

/** Whether `e`, thrown by a call into wasm, means the instance can no longer be trusted. */
export function isTrap(e) {
  return e instanceof WebAssembly.RuntimeError || e instanceof RangeError;
}

export class WasmInstance {
  /**
   * `init()`: promise of the glue's initialisation (fetch and instantiate, once);
   * `glue`: the glue's module namespace (for `__wbg_reset_state`); `make()`: the object.
   */
  constructor({ init, glue, make }) {
    Object.assign(this, { init, glue, make });
    this.ready = null; // promise of the object
    this.obj = null;
    this.broken = null; // why no fresh instance can be made
    this.resets = 0;
  }

  /** The object, instantiating the build on first use; a failed load is retried next time. */
  get() {
    if (this.broken) return Promise.reject(new Error(this.broken));
    if (this.obj) return Promise.resolve(this.obj);
    this.ready ??= this.init().then(
      () => (this.obj = this.make()),
      (e) => {
        this.ready = null;
        throw e;
      },
    );
    return this.ready;
  }

  /** The object now, if the build is instantiated (synchronous callers). */
  get current() {
    return this.obj;
  }

  /** Runs `fn(object)`; a trap discards the instance (see above) and is thrown on. */
  async call(fn) {
    const obj = await this.get();
    return this.callSync(obj, fn);
  }

  /** `call` for an object already there. */
  callSync(obj, fn) {
    try {
      return fn(obj);
    } catch (e) {
      if (isTrap(e)) this.discard();
      throw e;
    }
  }

  /** Drops the object and the instance it lives in; the next `get()` makes fresh ones. */
  discard() {
    const old = this.obj;
    this.obj = null;
    this.ready = null;
    // Forget the old object without calling into the broken instance (no free()): its
    // finalizer must not free its pointer in the new instance either.
    try {
      old?.__destroy_into_raw?.();
    } catch {
      /* nothing to forget */
    }
    const reset = this.glue.__wbg_reset_state;
    if (typeof reset !== 'function') {
      this.broken = 'this wasm build cannot be instantiated again after a trap';
      return false;
    }
    try {
      reset();
      this.resets++;
      this.obj = this.make();
      return true;
    } catch (e) {
      this.broken = `the wasm build could not be instantiated again: ${e?.message || e}`;
      return false;
    }
  }
}
