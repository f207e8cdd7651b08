// What the content script measures of itself (the popup's and the tests' status; the bench).

/** A frame's stats from the start. */
export const newStats = () => ({
  // Whether the pre-check let the frame be: top frame | passed | skipped | woken.
  precheck: null,
  scans: 0,
  scanMicros: 0,
  firstScanMicros: null,
  // Page time (performance.now()) when the content script started, its core took over (boot.js:
  // only where needed), the wasm began to load and was ready, and the first scan began and
  // ended: how long a page shows what only the core can find.
  startedAt: Math.round(performance.now()),
  coreAt: null,
  wasmLoadAt: null,
  wasmReadyAt: null,
  firstScanAt: null,
  firstScanDoneAt: null,
  firstScanSteps: 0,
  maxFirstStepMicros: 0,
  sliceCalls: 0,
  sliceMicros: 0,
  maxSliceMicros: 0,
  rehides: 0,
  guardMicros: 0,
  maxGuardMicros: 0,
});
