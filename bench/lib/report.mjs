// target/bench/report.md from the results object of bench/run.mjs.
import { fmt, median, round } from './stats.mjs';

const kb = (b) => (b == null ? 'n/a' : `${(b / 1024).toFixed(1)} KB`);
const ms = (x, d = 2) => (x == null || !Number.isFinite(x) ? 'n/a' : `${x.toFixed(d)} ms`);
const x = (r, d = 2) => (r == null || !Number.isFinite(r) ? 'n/a' : `${r.toFixed(d)}x`);
const pct = (p) => (p == null || !Number.isFinite(p) ? 'n/a' : `${p >= 0 ? '+' : ''}${p.toFixed(1)} %`);
const verdict = (ok) => (ok == null ? 'n/a' : ok ? 'met' : '**missed**');
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

export function headline(R) {
  const s = R.sizes || {};
  const fp = R.firstPass;
  const london = fp?.pages.find((p) => p.slug === 'londonglossypost');
  const sc = R.infiniteScroll?.[0];
  const known = (R.flash || []).map((f) => f.ext?.flashFrames ?? null);
  const flashExt = known.length ? known.reduce((a, b) => a + (b ?? 0), 0) : null;
  const rd = R.reader;
  const rdOk = rd?.pages.filter((p) => p.readability?.median != null) || [];
  const rdRatioWasm = rd?.hasWasm ? median(rdOk.filter((p) => p.wasm?.median != null).map((p) => p.wasm.median / p.readability.median)) : null;
  const nat = R.native?.reader || [];
  const natRatio = nat.length
    ? median(
        nat
          .map((n) => {
            const b = rdOk.find((p) => p.slug === n.id);
            return b ? n.median / b.readability.median : null;
          })
          .filter((v) => v != null),
      )
    : null;
  const scal = R.scaling || [];
  const rows = [
    [
      'always-on wasm, gzipped (raw)',
      s.detectorWasm ? `${kb(s.detectorWasm.gzip)} (${kb(s.detectorWasm.bytes)})` : 'n/a',
      '<= 40 KB',
      verdict(s.detectorWasm ? s.detectorWasm.gzip <= 40 * 1024 : null),
    ],
    [
      'content script every frame parses (content.js), gzipped (raw); the core it imports where needed (core.js)',
      s.contentScript
        ? `${kb(s.contentScript.gzip)} (${kb(s.contentScript.bytes)}); core ${s.coreScript ? `${kb(s.coreScript.gzip)} (${kb(s.coreScript.bytes)})` : 'n/a'}`
        : 'n/a',
      '<= 10 KB',
      verdict(s.contentScript ? s.contentScript.gzip <= 10 * 1024 : null),
    ],
    ['first pass on London Glossy Post (Chromium, warm)', london ? fmt(london.scan) : 'n/a', '<= 1 ms', verdict(london ? london.scan.median <= 1 : null)],
    [
      'first pass on London Glossy Post in the extension (cold wasm code, real page loads)',
      R.startup ? fmt(R.startup.london.firstScan) : 'n/a',
      '<= 1 ms',
      verdict(R.startup?.london.firstScan.median != null ? R.startup.london.firstScan.median <= 1 : null),
    ],
    [
      `first pass / bare querySelectorAll, median of ${fp?.corpus.pages ?? 0} corpus pages`,
      fp ? `${x(fp.corpus.ratioQsaMedian)} (${x(fp.corpus.ratioQsaMin)}-${x(fp.corpus.ratioQsaMax)}); corpus total ${x(fp.corpus.ratioQsaTotal)}` : 'n/a',
      '<= 1.5x',
      verdict(fp ? fp.corpus.ratioQsaMedian <= 1.5 : null),
    ],
    [
      `a filter list's ${R.filterList?.valid ?? '?'} generic rules as a stylesheet (style recalc + layout) / adstrip's first pass`,
      fp?.corpus.ratioListToScanMedian != null
        ? `${x(fp.corpus.ratioListToScanMedian)} (median per page); corpus totals ${ms(fp.corpus.cssListTotal, 0)} vs ${ms(fp.corpus.scanTotal, 0)}`
        : 'n/a',
      '-',
      '-',
    ],
    [
      `infinite scroll, ${sc?.nodes ?? '?'} elements in bursts of ${sc?.burstElements ?? '?'}: adstrip ms per frame, max (median)`,
      sc
        ? `${ms(sc.perFrame.max)} (${ms(sc.perFrame.median)}); ${sc.overBudgetFrames} of ${sc.framesWithWork} frames over 4 ms; first frame ${ms(sc.firstFrame.median)}`
        : 'n/a',
      '<= 4 ms every frame',
      verdict(Number.isFinite(sc?.perFrame?.max) ? sc.perFrame.max <= 4 : null),
    ],
    [
      'frames with a visible ad, all flash scenarios (without adstrip)',
      R.flash ? `${flashExt} (${R.flash.reduce((a, f) => a + f.bare.flashFrames, 0)})` : 'n/a',
      '0',
      verdict(flashExt != null ? flashExt === 0 : null),
    ],
    [
      `page load CPU with adstrip, median of ${R.pageCost?.pages.length ?? 0} pages`,
      R.pageCost ? `${pct(R.pageCost.extraPctMedian)} (${pct(R.pageCost.extraPctMin)} to ${pct(R.pageCost.extraPctMax)})` : 'n/a',
      'uBO: about +17 %',
      '-',
    ],
    [
      'wasm instantiate in the content script / first scan() there, corpus',
      R.startup ? `${fmt(R.startup.corpus.wasmInit)} / ${fmt(R.startup.corpus.firstScan)}` : 'n/a',
      '-',
      '-',
    ],
    [
      'frames that load the wasm: corpus and Readability pages, each as an iframe (top pages: all load it)',
      R.frames
        ? `${R.frames.loaded} of ${R.frames.frames}; the core hid something in ${R.frames.hiddenByCore}, ${R.frames.hiddenWithoutWasm.length} of them without the wasm`
        : 'n/a',
      'only those with a candidate',
      verdict(R.frames ? false : null),
    ],
    [
      'scaling, ms per 1,000 elements at ' + scal.map((r) => r.n / 1000 + 'k').join(' / '),
      scal.map((r) => r.msPer1k.toFixed(2)).join(' / ') || 'n/a',
      'linear',
      verdict(scal.length > 1 ? scal[scal.length - 1].msPer1k <= 2 * scal[0].msPer1k : null),
    ],
    [
      'reader / Readability.js (median of per-page ratios)',
      rdRatioWasm != null
        ? `${x(rdRatioWasm)} wasm in Chromium` + (natRatio != null ? `; ${x(natRatio)} native` : '')
        : natRatio != null
          ? `${x(natRatio)} native (no reader wasm built)`
          : 'n/a',
      '<= 1x',
      verdict(rdRatioWasm != null ? rdRatioWasm <= 1 : natRatio != null ? natRatio <= 1 : null),
    ],
  ];
  return table(['figure', 'result: median (min-max)', 'goal', 'verdict'], rows);
}

export function writeReport(R, CFG) {
  const out = [];
  const p = (...l) => out.push(...l);
  p(`# adstrip benchmarks${R.smoke ? ' (smoke run: one page, one round; figures mean nothing)' : ''}`, '');
  p(
    `${R.started}. Machine: ${R.machine.cpu}, ${R.machine.cores} cores, ${R.machine.memGiB} GiB, load average at start ${R.machine.loadavg.join(' ')} (shared with other builds: every comparison is a ratio measured in the same run). ${R.browser}; ${R.machine.os}; node ${R.machine.node}; ${R.machine.rustc ?? ''}. Whole run ${R.seconds} s. Extension measured: ${R.extension}.`,
    '',
  );
  p(
    'Figures are medians with (min-max) over the rounds stated per section; times in the page are performance.now() in a cross-origin-isolated page (5 µs resolution) unless said otherwise.',
    '',
  );
  for (const n of R.notes) p(`> note: ${n}`, '');
  p('## Headline', '', headline(R), '');

  const s = R.sizes;
  if (s) {
    p(
      '## 1. Size',
      '',
      table(
        ['file', 'bytes', 'gzip -9'],
        [
          ['always-on wasm (target/pkg/detector/adstrip_bg.wasm)', s.detectorWasm?.bytes ?? 'n/a', s.detectorWasm?.gzip ?? 'n/a'],
          [`the same, in the extension measured below (${R.extension})`, s.measuredExtensionWasm?.bytes ?? 'n/a', s.measuredExtensionWasm?.gzip ?? 'n/a'],
          ['its JS glue (adstrip.js)', s.detectorGlue?.bytes ?? 'n/a', s.detectorGlue?.gzip ?? 'n/a'],
          ['content script every frame parses (content.js of the extension measured: settings, pre-check)', s.contentScript?.bytes ?? 'n/a', s.contentScript?.gzip ?? 'n/a'],
          ['its core, imported by frames that need it (core.js: scheduler, applier, wasm glue)', s.coreScript?.bytes ?? 'n/a', s.coreScript?.gzip ?? 'n/a'],
          ['document_start stylesheet (adstrip.css)', s.stylesheet?.bytes ?? 'n/a', s.stylesheet?.gzip ?? 'n/a'],
          ['service-worker wasm (strict-CSP path)', s.swWasm?.bytes ?? 'n/a', s.swWasm?.gzip ?? 'n/a'],
          ['reader wasm (loaded on demand)', s.readerWasm?.bytes ?? 'not built', s.readerWasm?.gzip ?? ''],
          ['zipped extension, Chromium', s.zipChromium?.bytes ?? 'n/a', '(zip)'],
          ['zipped extension, Firefox', s.zipFirefox?.bytes ?? 'n/a', '(zip)'],
        ],
      ),
      '',
    );
  }

  if (R.startup) {
    const row = (name, st) => [name, st.loads, fmt(st.documentStartAt), fmt(st.wasmInit), fmt(st.firstScan), fmt(st.startToFirstPass)];
    p(
      '## 2. Start-up (Chromium, the built extension, one load per page)',
      '',
      'Measured by probes in a bench copy of dist/chromium/content.js (performance.now() only). "document_start" is when content.js starts, counted from navigation start; the first pass waits for DOMContentLoaded, so "document_start to first pass" is mostly the page\'s own parsing.',
      '',
      table(
        ['pages', 'loads', 'document_start at', 'wasm instantiate', 'first scan()', 'document_start to first pass done'],
        [row('London Glossy Post', R.startup.london), row('corpus', R.startup.corpus)],
      ),
      '',
    );
  }

  const fp = R.firstPass;
  if (fp) {
    p(
      `## 3. First pass per corpus page (headless Chromium, no extension, ${fp.rounds} rounds after a warm-up)`,
      '',
      `- **scan**: the core's \`scan()\` over the whole document, findings applied (undone between rounds, untimed), after 3 warm-up rounds. **cold scan**: the first \`scan()\` after the wasm is instantiated (one sample; lazily compiled baseline code, as in a content script on every page load).`,
      `- **qSA**: plain JS, one \`document.querySelectorAll\` per rule of the document_start stylesheet (${R.highConfidenceRules} rules, the same high-confidence selectors): the floor for selector work. **union**: the same selectors in one query.`,
      `- **css: empty / adstrip / list**: a stylesheet adopted into the document, then a forced style recalc + layout, as a list-based blocker injects its cosmetic rules: a one-rule sheet matching nothing (what any sheet change costs), adstrip's document_start sheet, and the generic \`##\` rules of ${R.filterList ? `${R.filterList.title} ${R.filterList.version} (${R.filterList.valid} of ${R.filterList.genericRules} selectors valid in Chromium, from ${R.filterList.source})` : 'a filter list (not installed)'}. The list sheet is parsed once per page before timing (${fmt({ ...summaryOf(fp.pages.map((q) => q.listParseMs)) })} per page, not included).`,
      '',
      table(
        ['page', 'elements', 'found', 'cold scan', 'scan', 'qSA', 'scan/qSA', 'union', 'css: empty', 'css: adstrip', 'css: list'],
        fp.pages.map((q) =>
          q.error
            ? [q.slug, 'error', q.error, '', '', '', '', '', '', '', '']
            : [
                q.slug,
                q.elements,
                q.found,
                ms(q.coldScan),
                fmt(q.scan),
                fmt(q.qsa, 'ms', 3),
                x(q.ratioQsa),
                fmt(q.qsaUnion, 'ms', 3),
                fmt(q.cssEmpty),
                fmt(q.cssAdstrip),
                fmt(q.cssList),
              ],
        ),
      ),
      '',
      `Corpus totals (sum of per-page medians): scan ${ms(fp.corpus.scanTotal, 1)}, qSA ${ms(fp.corpus.qsaTotal, 1)} (ratio ${x(fp.corpus.ratioQsaTotal)}), union ${ms(fp.corpus.qsaUnionTotal, 1)}, css empty ${ms(fp.corpus.cssEmptyTotal, 1)}, css adstrip ${ms(fp.corpus.cssAdstripTotal, 1)}, css list ${ms(fp.corpus.cssListTotal, 1)}. Median of per-page scan/qSA ratios ${x(fp.corpus.ratioQsaMedian)} (${x(fp.corpus.ratioQsaMin)}-${x(fp.corpus.ratioQsaMax)}).`,
      '',
    );
  }

  if (R.scaling) {
    const n = R.native?.scaling || [];
    p(
      '## 4. Scaling',
      '',
      '### First pass on synthetic WordPress-like pages (the generator of benches/core.rs; an ad every 50 items)',
      '',
      table(
        [
          'elements',
          'found',
          'rounds',
          'cold scan',
          'scan in Chromium',
          'ms per 1k elements',
          'native (criterion)',
          'wasm linear memory after the scan',
          'JS heap growth',
        ],
        R.scaling.map((r) => {
          const c = n.find((q) => Number(q.id) === r.n);
          return [
            r.elements,
            r.found,
            r.rounds,
            ms(r.coldScan),
            fmt(r.scan),
            r.msPer1k.toFixed(3),
            c ? fmt(c, 'ms', 3) : 'n/a',
            kb(r.wasmMemoryBytes) + ` (+${kb(r.wasmMemoryGrowth)})`,
            r.jsHeapGrowth != null ? kb(r.jsHeapGrowth) : 'n/a',
          ];
        }),
      ),
      '',
    );
  }
  const scs = R.infiniteScroll;
  if (scs?.length) {
    p(
      `### Infinite scroll: ${scs[0].nodes} elements appended one burst per animation frame (the built extension, ${scs[0].runs} runs per burst size)`,
      '',
      "Wall-clock time in the content script's mutation work (observer callback + frame slices) per animation frame, from probes in a bench copy of content.js; on a shared 2-core machine a slice can be preempted, which only adds. Each burst is one added <article> (one node for the queue).",
      '',
      table(
        [
          'burst',
          'frames with work',
          'per frame: median (min-max)',
          'p95',
          'frames over 4 ms',
          'first frame (cold code)',
          'max after the first frame',
          'total',
          'ms per 1k elements',
          'ads hidden',
          'all hidden after',
        ],
        scs.map((sc) => [
          `${sc.burstElements} elements x ${sc.bursts}`,
          sc.framesWithWork,
          fmt(sc.perFrame),
          ms(sc.p95),
          sc.overBudgetFrames,
          fmt(sc.firstFrame),
          ms(sc.afterFirstMax),
          fmt(sc.totalMs, 'ms', 1),
          sc.msPer1k?.toFixed(2) ?? 'n/a',
          `${sc.adsHidden}/${sc.ads}`,
          fmt(sc.drainMs, 'ms', 0),
        ]),
      ),
      '',
    );
  }

  if (R.flash) {
    p(
      '## 5. Flash: animation frames in which an ad had a visible box',
      '',
      'A counter injected at document start checks every animation frame for an element tagged `data-test-ad` (or a registered nag text node) with a non-zero visible box. Same pages, same browser, without and with the extension.',
      '',
      table(
        ['scenario', 'frames', 'flash frames without adstrip', 'flash frames with adstrip', 'which ads flashed (frames)'],
        R.flash.map((f) => [
          f.scenario,
          f.ext.frames,
          f.bare.flashFrames,
          f.ext.flashFrames,
          Object.entries(f.ext.byAd)
            .map(([k, v]) => `${k}: ${v}`)
            .join(', ') || '-',
        ]),
      ),
      '',
    );
  }

  if (R.pageCost) {
    p(
      `## 6. Page load CPU with and without the extension (${R.pageCost.rounds} loads each, alternating)`,
      '',
      "CDP `Performance.getMetrics` of the page's renderer after load + 600 ms (TaskDuration: all main-thread tasks; each load on a site of its own so the renderer is fresh). The service worker is not counted: on the wasm path it does no work per page.",
      '',
      table(
        ['page', 'task time without', 'with adstrip', 'extra', 'script time without', 'with'],
        R.pageCost.pages.map((c) => [
          c.slug,
          fmt(c.bareTask, 'ms', 0),
          fmt(c.extTask, 'ms', 0),
          pct(c.extraPct),
          fmt(c.bareScript, 'ms', 0),
          fmt(c.extScript, 'ms', 0),
        ]),
      ),
      '',
      `Median extra ${pct(R.pageCost.extraPctMedian)} (${pct(R.pageCost.extraPctMin)} to ${pct(R.pageCost.extraPctMax)}); over all pages together ${pct(R.pageCost.extraPctTotal)}. For scale: Brave measured uBlock Origin at about +17 % page CPU.`,
      '',
    );
  }

  const H = R.hostile;
  if (H?.native?.length) {
    const cell = (c) => (c.killed ? `killed after ${c.ms} ms` : `${c.ms} ms${c.exit === 0 ? '' : ` (exit ${c.exit}: ${c.message})`}`);
    p(
      '## 6b. Hostile pages (bench/hostile.mjs)',
      '',
      'The native CLI (release build) on pages built to hurt it; each command is one process, wall-clock time. The CLI refuses past 20 s or 400,000 elements with "too complex" (exit 2).',
      '',
      table(
        ['page', 'scan', 'clean', 'read'],
        H.native.map((r) => [r.case, cell(r.scan), cell(r.clean), cell(r.read)]),
      ),
      '',
    );
    const b = H.browser;
    if (b?.otherTab) {
      p(
        `The extension with a hostile strict-CSP tab (a hidden 20,000-deep chain, a node added every 200 ms; the scenario of tests/e2e/hardening.test.mjs${b.passed ? '' : ', which did not pass this time'}): another strict-CSP tab waited at most ${b.otherTab.maxWaitMs} ms for the service worker (goal <= 100 ms) and had its ads hidden ${b.otherTab.withHostileMsToAdsHidden} ms after loading (${b.otherTab.aloneMsToAdsHidden} ms alone); reader mode through the worker on the hostile page took ${b.readerThroughWorker?.ms ?? 'n/a'} ms end to end (goal <= 1,000 ms); the longest single worker job was ${b.otherTab.longestJobMs} ms; the other tab's answer waited ${b.otherTab.otherAnswerWaitedMs ?? 'n/a'} ms beyond the worker's own work on it.`,
        '',
      );
      if (b.hugeTab)
        p(
          `A strict-CSP tab of 100,000 elements (one whole scan of it holds the worker for about 2 s): its scan went in ${b.hugeTab.hugePieces} pieces, the longest ${b.hugeTab.longestPieceMs} ms; another strict-CSP tab opened meanwhile waited at most ${b.hugeTab.maxWaitMs} ms in the queue and its answer ${b.hugeTab.otherAnswerWaitedMs} ms beyond the worker's work (goal <= 100 ms); its ads were hidden ${b.hugeTab.otherMsToAdsHidden} ms after loading.`,
          '',
        );
    } else if (b?.error) p(`> note: hostile browser scenario: ${b.error}`, '');
  }

  const nat = R.native;
  if (nat?.firstPass?.length) {
    p(
      '## 7. Native core (criterion, `cargo bench --bench core`; parse excluded)',
      '',
      table(
        ['page', 'first pass, native', 'in Chromium (section 3)', 'Chromium / native'],
        nat.firstPass.map((c) => {
          const b = fp?.pages.find((q) => q.slug === c.id);
          return [c.id, fmt(c, 'ms', 3), b?.scan ? fmt(b.scan) : 'n/a', b?.scan ? x(b.scan.median / c.median, 1) : 'n/a'];
        }),
      ),
      '',
    );
  }
  if (nat?.stages?.length) {
    const sizes = [...new Set(nat.stages.map((c) => c.id))];
    const fns = [...new Set(nat.stages.map((c) => c.fn))];
    const cell = (fn, id) => nat.stages.find((c) => c.fn === fn && c.id === id);
    p(
      '### Where the cost goes: the first pass by stage on the synthetic pages (native)',
      '',
      table(
        ['stage', ...sizes.map((z) => `${z} elements`), 'growth for 10x elements'],
        fns.map((fn) => {
          const a = cell(fn, sizes[0]),
            b = cell(fn, sizes[sizes.length - 1]);
          return [fn, ...sizes.map((z) => (cell(fn, z) ? fmt(cell(fn, z), 'ms', 2) : 'n/a')), a && b ? x(b.median / a.median, 1) : 'n/a'];
        }),
      ),
      '',
    );
  }
  const rd = R.reader;
  if (rd) {
    p(
      `## 8. Reader: adstrip's extraction vs @mozilla/readability ${rd.readabilityVersion} (${rd.rounds} rounds)`,
      '',
      'Readability from the HTML string = DOMParser + `new Readability(doc).parse()` (what reader mode has to do); "parse() only" excludes the DOMParser step. adstrip wasm = `readerExtract(html, url)` (html5ever inside the wasm) in the same page; native = criterion over `adstrip::reader::extract` from the HTML string.',
      '',
      table(
        ['page', 'Readability from HTML', 'Readability parse() only', 'adstrip wasm', 'adstrip native', 'wasm / Readability', 'native / Readability'],
        rd.pages.map((q) => {
          const n = nat?.reader?.find((c) => c.id === q.slug);
          return q.error
            ? [q.slug, 'error', q.error, '', '', '', '']
            : [
                q.slug,
                fmt(q.readability),
                fmt(q.readabilityParseOnly),
                rd.hasWasm ? fmt(q.wasm) : 'not built',
                n ? fmt(n, 'ms', 2) : 'n/a',
                rd.hasWasm ? x(q.wasm.median / q.readability.median) : 'n/a',
                n ? x(n.median / q.readability.median) : 'n/a',
              ];
        }),
      ),
      '',
    );
  }
  p(
    '## How to run',
    '',
    '`make bench` (full, about 10-15 minutes on 2 shared cores; writes target/bench/report.md and bench.json); `scripts/bench.sh --smoke` runs every section once on one page (part of `make test`). `node bench/run.mjs --only first,scaling,scroll,flash,cost,reader` runs some sections.',
    '',
  );
  return out.join('\n');
}

function summaryOf(xs) {
  const a = xs.filter((v) => v != null && Number.isFinite(v));
  if (!a.length) return { median: null };
  return { median: median(a), min: Math.min(...a), max: Math.max(...a) };
}
void round;
