// accord live — the workshop page: one slider per declared parameter; every
// change asks the server for a run (/api/run) and redraws the outcomes and
// figures. ?selftest=1 (or ?selftest=NAME) moves a slider from script once
// the page has drawn, and writes what changed into #selftest (for tests).
'use strict';
(function () {
  const $ = id => document.getElementById(id);
  const params = $('params'), statusEl = $('status'), figs = $('figures');
  // a link's reps= the page cannot use (not 1 to max_reps): said after each
  // run until the replicates are changed (it was ignored in silence)
  let repsNote = '';
  const tbody = document.querySelector('#outcomes tbody');
  const query = new URLSearchParams(location.search);
  let scenario = null, inputs = {}, timer = null, controller = null, last = null, seq = 0;

  function fmt(v, unit) {
    if (v === null || v === undefined || !isFinite(v)) return '–';
    const a = Math.abs(v);
    if (Number.isInteger(v) && a < 1e9) {
      const t = v.toLocaleString('en');
      return unit && unit !== '0-1' ? t + ' ' + unit : t;
    }
    let s = a >= 1e9 ? v.toExponential(3) : a >= 1000 ? Math.round(v).toLocaleString('en') :
      a >= 10 ? v.toFixed(1) : a >= 0.01 || a === 0 ? v.toPrecision(3) : v.toExponential(2);
    return unit && unit !== '0-1' && unit !== '' ? s + ' ' + unit : s;
  }
  function setStatus(text, error) {
    statusEl.textContent = text;
    statusEl.className = error ? 'error' : '';
  }
  // A refused or failed run leaves the last good run on screen: say so above
  // the table and dim it, so nobody reads it as the sliders' policy.
  function setStale(text) {
    const n = $('notice');
    document.body.classList.toggle('stale', !!text && last !== null);
    n.textContent = text ? text + (last !== null ? ' The numbers and figures below are still those of your last run that worked, not of the sliders above.' : '') : '';
    n.hidden = !text;
  }

  // A parameter's readable label: its doc string up to the first ':', ' ('
  // or ';' ("size of the simulated world: developer counts, ..." is "Size of
  // the simulated world"), capitalised; its identifier when it has no doc.
  function paramLabel(p) {
    const head = (p.doc || '').split(/: | \(|; /)[0].trim();
    return head ? head.charAt(0).toUpperCase() + head.slice(1) : p.name;
  }
  function buildControls() {
    params.textContent = '';
    scenario.parameters.forEach(p => {
      const div = document.createElement('div');
      div.className = 'param';
      const id = 'p-' + p.name;
      const label = document.createElement('label');
      label.htmlFor = id;
      // the readable label; the identifier (as in the address and the
      // accord run command) in small type under the slider and as a tooltip
      const text = paramLabel(p);
      const name = document.createElement('span');
      name.className = 'pname';
      name.textContent = text;
      label.title = p.name;
      label.append(name, ' ');
      const out = document.createElement('output');
      out.htmlFor = id;
      label.append(out);
      const unit = document.createElement('span');
      unit.className = 'unit';
      unit.textContent = p.unit ? ' ' + p.unit : '';
      label.append(unit);
      const input = document.createElement('input');
      // a whole number in [0, 1] is a switch
      const isSwitch = p.integer && p.min === 0 && p.max === 1;
      input.type = isSwitch ? 'checkbox' : 'range';
      input.id = id;
      input.min = p.min;
      input.max = p.max;
      input.step = p.integer ? '1' : 'any';
      input.value = p.default;
      if (isSwitch) {
        input.checked = p.default === 1;
        div.classList.add('switch');
      }
      input.dataset.name = p.name;
      const range = document.createElement('div');
      range.className = 'range';
      range.id = id + '-range';
      const code = document.createElement('code');
      code.className = 'pid';
      code.textContent = p.name;
      range.append(code, ' · [' + p.min + ', ' + p.max + '], default ' + p.default);
      const doc = document.createElement('p');
      doc.className = 'doc';
      doc.id = id + '-doc';
      // the whole doc string when the label is only its first part
      doc.textContent = p.doc && p.doc.trim().length > text.length ? p.doc : '';
      input.setAttribute('aria-describedby', range.id + (doc.textContent ? ' ' + doc.id : ''));
      div.append(label, input, range);
      if (doc.textContent) div.append(doc);
      params.append(div);
      inputs[p.name] = {input, out, div, p};
      input.addEventListener(isSwitch ? 'change' : 'input', () => { show(p.name); schedule(); });
      if (!isSwitch) input.addEventListener('keydown', e => keyStep(e, p.name));
      show(p.name);
    });
  }
  // Keys step by 1 % (arrows) or 10 % (Page Up/Down) of the range, whatever
  // the default's decimals (the slider's step is 'any').
  function keyStep(e, name) {
    const {input, p} = inputs[name];
    const span = p.max - p.min;
    let d = 0;
    if (e.key === 'ArrowRight' || e.key === 'ArrowUp') d = span / 100;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') d = -span / 100;
    else if (e.key === 'PageUp') d = span / 10;
    else if (e.key === 'PageDown') d = -span / 10;
    else if (e.key === 'Home') d = -Infinity;
    else if (e.key === 'End') d = Infinity;
    else return;
    e.preventDefault();
    let v = Math.min(p.max, Math.max(p.min, value(name) + d));
    if (p.integer) v = Math.round(v);
    else v = Number(v.toPrecision(6));
    input.value = v;
    show(name);
    schedule();
  }
  function value(name) {
    const {input, p} = inputs[name];
    if (input.type === 'checkbox') return input.checked ? 1 : 0;
    let v = Number(input.value);
    if (p.integer) v = Math.round(v);
    return v;
  }
  function show(name) {
    const {out, div, p} = inputs[name];
    const v = value(name);
    out.textContent = inputs[name].input.type === 'checkbox' ? (v ? 'on' : 'off') : fmt(v);
    div.classList.toggle('changed', Math.abs(v - p.default) > 1e-12 * Math.max(1, Math.abs(p.default)));
  }
  // The seed as the server (and accord run --seed) reads it: digits only, at
  // most 2^63 - 1. The field is text, so it shows what was typed or what a
  // link gave (a number field showed '+4' as empty and ran seed 1), and a
  // seed the server would refuse is refused here, with the same range. A
  // link's seed=+4 arrives as ' 4' ('+' is a space in a query string).
  function seedProblem(text) {
    if (/^[0-9]{1,19}$/.test(text) && BigInt(text) <= 9223372036854775807n) return '';
    return 'The seed must be a whole number from 0 to 9223372036854775807 (digits only), got \'' +
      text + '\'' + (/\s/.test(text) ? ' (in a link, "+" stands for a space: write seed=4, not seed=+4)' : '') + '.';
  }
  function seedText() {
    return $('seed').value === '' ? '1' : $('seed').value;
  }
  function queryString() {
    const q = new URLSearchParams();
    scenario.parameters.forEach(p => {
      const v = value(p.name);
      if (Math.abs(v - p.default) > 1e-12 * Math.max(1, Math.abs(p.default))) q.set(p.name, String(v));
    });
    q.set('seed', seedText());
    q.set('reps', $('reps').value || '1');
    q.set('compare', $('compare').checked ? '1' : '0');
    // always sent: an empty name clears the class view's label (it was left
    // out, and the server kept the old name)
    q.set('name', $('who').value.trim());
    return q.toString();
  }
  // The address bar keeps the policy (parameters, seed, replicates, compare,
  // name), so a reload, the back button or a restarted browser brings it back
  // instead of sending the defaults over the participant's dot in the class view.
  function storedName() {
    try { return localStorage.getItem('accord-live-name') || ''; } catch (e) { return ''; }
  }
  function storeName(v) {
    try {
      if (v) localStorage.setItem('accord-live-name', v); else localStorage.removeItem('accord-live-name');
    } catch (e) { /* storage off: the name lives in the address bar only */ }
  }
  function keepInAddress(qs) {
    const u = new URLSearchParams(qs);
    if (u.get('name') === '') u.delete('name');
    const names = scenario.parameters.map(p => p.name).concat(['seed', 'reps', 'compare', 'name']);
    query.forEach((v, k) => { if (!names.includes(k)) u.append(k, v); });
    try { history.replaceState(null, '', location.pathname + '?' + u.toString()); } catch (e) { /* file: or sandboxed */ }
  }
  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(update, 120);
  }

  // A run that got no answer (server stopped or restarting), a 503 (server
  // stopping) or a 429 (too many requests) is sent again by itself, after
  // 2, 4, 8, then every 10 s (429: its Retry-After), plus up to 1 s so a room
  // of pages does not come back in step: once the server is back, every page
  // re-sends its policy and the class view fills again.
  let retries = 0, retryTimer = null;
  function retryLater(mine, why, after) {
    const ms = Math.round((after > 0 ? after * 1000 : Math.min(10000, 2000 * 2 ** retries)) + Math.random() * 1000);
    retries++;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => { if (mine === seq) update(); }, ms);
    return why + ' Trying again in ' + Math.round(ms / 1000) + ' s.';
  }

  async function update() {
    clearTimeout(retryTimer);
    const badSeed = seedProblem(seedText());
    $('seed').setAttribute('aria-invalid', badSeed ? 'true' : 'false');
    if (badSeed) { // not sent: the server would refuse it (400)
      if (controller) controller.abort();
      seq++;
      document.body.classList.remove('busy');
      setStatus(badSeed, true);
      setStale(badSeed);
      return;
    }
    const qs = queryString();
    keepInAddress(qs);
    if (controller) controller.abort();
    controller = new AbortController();
    const mine = ++seq;
    document.body.classList.add('busy');
    setStatus('Running…');
    const t0 = performance.now();
    try {
      const r = await fetch('/api/run?' + qs, {signal: controller.signal});
      // an answer that is not JSON (a proxy's page, libmicrohttpd's 431) is an error too
      const data = await r.json().catch(() => ({error: r.statusText || 'not an answer from accord live'}));
      if (mine !== seq) return;
      if (!r.ok) {
        let msg = 'Error ' + r.status + ': ' + (data.error || r.statusText);
        if (r.status === 429 || r.status === 503)
          msg = retryLater(mine, msg, r.status === 429 ? Number(r.headers.get('Retry-After')) || 1 : 0);
        setStatus(msg, true);
        setStale(msg);
      } else {
        retries = 0;
        retryTimer = null;
        setStale('');
        render(data);
        const ms = performance.now() - t0;
        setStatus('Drawn in ' + (ms / 1000).toFixed(2) + ' s' + (data.cached ? ' (from the cache)' : '') +
          ' · seed ' + data.seed + (data.reps > 1 ? ', ' + data.reps + ' replicates' : '') +
          (repsNote ? ' · ' + repsNote : ''));
        document.body.dataset.drawn = String(Number(document.body.dataset.drawn || 0) + 1);
        document.body.dataset.lastMs = String(Math.round(ms));
      }
    } catch (e) {
      if (e.name !== 'AbortError' && mine === seq) {
        const msg = retryLater(mine, 'The server does not answer (' + e.message + ').', 0);
        setStatus(msg, true);
        setStale(msg);
      }
    } finally {
      if (mine === seq) document.body.classList.remove('busy');
    }
  }

  function render(data) {
    last = data;
    tbody.textContent = '';
    // the first eight key outcomes fit a projector; the API has them all.
    // ?rows=N shows the first N; ?show=name,name adds the outcomes named
    const extra = (query.get('show') || '').split(',');
    const rows = Number(query.get('rows')) || 8;
    data.outcomes.filter((o, i) => i < rows || extra.includes(o.name)).forEach(o => {
      const tr = document.createElement('tr');
      tr.dataset.name = o.name;
      const cells = [o.label + (o.unit && o.unit !== '0-1' ? ' (' + o.unit + ')' : ''),
        fmt(o.value) + (o.sd !== undefined ? ' ± ' + fmt(o.sd) : ''), fmt(o.default),
        o.change_pct === null || !isFinite(o.change_pct) ? '–' :
          // an arrow in black, not a colour: blue and orange are the
          // figures' "your policy" and "the defaults", and up is not worse
          (o.change_pct > 0.05 ? '▲ ' : o.change_pct < -0.05 ? '▼ ' : '') +
          (o.change_pct > 0 ? '+' : '') + o.change_pct.toFixed(1) + ' %'];
      cells.forEach((t, i) => {
        const td = document.createElement(i ? 'td' : 'th');
        if (!i) td.scope = 'row';
        td.textContent = t;
        if (i === 3 && o.change_pct > 0.05) td.className = 'up';
        if (i === 3 && o.change_pct < -0.05) td.className = 'down';
        if (!i) td.title = o.doc;
        tr.append(td);
      });
      tbody.append(tr);
    });
    // figures: SVG written by the server from its own numbers
    Object.keys(data.figures).forEach(name => {
      let f = document.getElementById('fig-' + name);
      if (!f) {
        f = document.createElement('figure');
        f.id = 'fig-' + name;
        figs.append(f);
      }
      f.innerHTML = data.figures[name];
    });
    const years = data.series.year;
    const ys = $('year');
    if (years && years.length) {
      const end = Math.ceil(years[years.length - 1]);
      const atEnd = Number(ys.value) >= Number(ys.max);
      ys.min = 0;
      ys.max = end;
      if (atEnd || Number(ys.value) > end) ys.value = end;
    }
    reveal();
    const m = data.manifest || {};
    $('cmd').textContent = m.command ? m.command.replace(/^accord live: /, '') : '';
  }

  // The time slider narrows each figure's clip rectangle to year y.
  function reveal() {
    const y = Number($('year').value);
    $('yearout').textContent = String(y);
    document.querySelectorAll('svg.fig').forEach(svg => {
      const x0 = Number(svg.dataset.x0), x1 = Number(svg.dataset.x1);
      const rect = svg.querySelector('rect.reveal');
      if (!rect || !(x1 > x0)) return;
      const frac = Math.min(1, Math.max(0, (y - x0) / (x1 - x0)));
      rect.setAttribute('width', String(Number(rect.dataset.width) * frac + 4));
    });
  }

  // ?selftest: move a slider from script, check outcomes and figures change.
  async function selftest() {
    const want = query.get('selftest');
    const names = scenario.parameters.map(p => p.name);
    const name = names.includes(want) ? want : names.find(n => n !== 'years' && n !== 'scale') || names[0];
    const out = $('selftest');
    const waitDrawn = n => new Promise(res => {
      const t = setInterval(() => {
        if (Number(document.body.dataset.drawn || 0) >= n) { clearInterval(t); res(); }
      }, 20);
    });
    await waitDrawn(1);
    const before = JSON.stringify(last.outcomes.map(o => o.value));
    const figBefore = last.figures;
    const {input, p} = inputs[name];
    const from = value(name);
    const t0 = performance.now();
    let to;
    if (input.type === 'checkbox') {
      input.checked = !input.checked;
      to = input.checked ? 1 : 0;
      input.dispatchEvent(new Event('change', {bubbles: true}));
    } else {
      to = Number((p.min + 0.9 * (p.max - p.min)).toPrecision(6));
      input.value = to;
      input.dispatchEvent(new Event('input', {bubbles: true}));
    }
    await waitDrawn(2);
    const ms = performance.now() - t0;
    const after = JSON.stringify(last.outcomes.map(o => o.value));
    const changedFigs = Object.keys(last.figures).filter(k => last.figures[k] !== figBefore[k]).length;
    const svgs = document.querySelectorAll('#figures svg.fig').length;
    // the time slider: halfway, every figure's lines are cut near the middle
    const ys = $('year');
    const widths = () => [...document.querySelectorAll('#figures rect.reveal')]
      .map(r => Number(r.getAttribute('width')) / Number(r.dataset.width));
    const full = widths();
    ys.value = Math.round(Number(ys.max) / 2);
    ys.dispatchEvent(new Event('input', {bubbles: true}));
    const half = widths();
    ys.value = ys.max;
    ys.dispatchEvent(new Event('input', {bubbles: true}));
    const revealOk = full.length === svgs && full.every(f => f >= 1) &&
      half.every(f => f > 0.3 && f < 0.7) && widths().every(f => f >= 1);
    const kept = new URLSearchParams(location.search).get(name) === String(to);
    const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
    const ok = before !== after && changedFigs > 0 && svgs > 0 && value(name) === to &&
      tbody.querySelectorAll('tr').length > 0 && revealOk;
    out.textContent = (ok ? 'selftest PASS' : 'selftest FAIL') + ' param=' + name + ' from=' + from +
      ' to=' + to + ' outcomes_changed=' + (before !== after) + ' figures_changed=' + changedFigs +
      ' figures_in_dom=' + svgs + ' time_slider=' + revealOk + ' in_address=' + kept +
      ' overflow_px=' + overflow + ' vw=' + document.documentElement.clientWidth + ' redraw_ms=' + Math.round(ms) +
      ' change_colors=' + [...new Set([...tbody.querySelectorAll('td.up, td.down')]
        .map(td => getComputedStyle(td).color.replace(/ /g, '')))].join('/') +
      ' fig_px=' + Math.round(Math.min(...[...document.querySelectorAll('#figures svg.fig')]
        .map(f => f.getBoundingClientRect().width)));
    out.dataset.result = ok ? 'pass' : 'fail';
    out.hidden = false;
  }

  async function start() {
    try {
      const r = await fetch('/api/scenario');
      scenario = await r.json();
    } catch (e) {
      setStatus('The server does not answer: ' + e.message, true);
      return;
    }
    document.title = 'accord live — ' + scenario.name;
    $('title').textContent = scenario.name;
    $('question').textContent = scenario.question;
    // the one-line description says what world this is; the question, what to ask of it
    $('description').textContent = scenario.description && scenario.description !== scenario.question ? scenario.description : '';
    $('reps').max = scenario.max_reps;
    // a link may preset the seed and replicates: /?seed=7&reps=3
    // (as given: one the server would refuse is shown and refused, not
    // replaced by seed 1 in silence)
    if (query.has('seed')) $('seed').value = query.get('seed').slice(0, 40);
    if (query.has('reps')) {
      const r = query.get('reps');
      if (/^[0-9]{1,2}$/.test(r) && Number(r) >= 1 && Number(r) <= scenario.max_reps) $('reps').value = r;
      else repsNote = 'the link\'s reps=\'' + r.slice(0, 40) + '\' is not a whole number from 1 to ' +
        scenario.max_reps + (/\s/.test(r) ? ' (in a link, "+" stands for a space: write reps=3, not reps=+3)' : '') +
        ', so this is ' + $('reps').value + ' replicate' + ($('reps').value === '1' ? '' : 's');
    }
    if (query.get('compare') === '0') $('compare').checked = false;
    // the name: a link's name= (an empty one clears it), else the one this
    // browser last used (kept in its storage, like the participant's cookie),
    // so opening the bare link again does not clear the class view's label
    if (query.has('name')) $('who').value = query.get('name').slice(0, 32);
    else $('who').value = storedName().slice(0, 32);
    storeName($('who').value.trim());
    buildControls();
    // ... and any parameter, to a value inside its range: /?eu_cert_cost=0.316
    // (finer than the slider's 1 % steps, for a prepared link)
    scenario.parameters.forEach(p => {
      const raw = query.get(p.name);
      if (raw === null || !/^-?[0-9]+(\.[0-9]+)?(e-?[0-9]+)?$/.test(raw)) return;
      const v = Number(raw);
      if (!(v >= p.min && v <= p.max) || (p.integer && !Number.isInteger(v))) return;
      const el = inputs[p.name].input;
      if (el.type === 'checkbox') el.checked = v === 1; else el.value = v;
      show(p.name);
    });
    ['seed', 'reps', 'compare'].forEach(id => $(id).addEventListener('change', schedule));
    $('reps').addEventListener('change', () => { repsNote = ''; });
    $('who').addEventListener('change', () => { storeName($('who').value.trim()); schedule(); });
    $('year').addEventListener('input', reveal);
    $('reset').addEventListener('click', () => {
      scenario.parameters.forEach(p => {
        const el = inputs[p.name].input;
        if (el.type === 'checkbox') el.checked = p.default === 1; else el.value = p.default;
        show(p.name);
      });
      schedule();
    });
    await update();
    if (query.has('selftest')) selftest();
    // Every minute (plus up to 5 s) an open page sends its request again,
    // quietly: the server answers it from its cache, and it keeps the
    // participant in the class view however long they only watch. If the
    // server was restarted meanwhile, the run is made again (the class view
    // fills without anyone moving a slider); if it does not answer, the page
    // says so and retries as after any unanswered run.
    setInterval(async () => {
      if (document.hidden || controller === null || retries > 0 || seedProblem(seedText()) ||
          document.body.classList.contains('busy')) return;
      const mine = seq;
      try {
        const r = await fetch('/api/run?' + queryString());
        if (mine === seq && (r.status === 503 || r.status === 429)) update();
      } catch (e) {
        if (mine === seq) update();
      }
    }, 60000 + Math.round(Math.random() * 5000));
  }
  start();
})();
