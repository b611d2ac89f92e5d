// accord live — the class view: every participant's policy and outcome.
'use strict';
(function () {
  const scatter = document.getElementById('scatter');
  const head = document.querySelector('#people thead');
  const body = document.querySelector('#people tbody');
  const status = document.getElementById('status');
  function fmt(v) {
    if (v === null || v === undefined || !isFinite(v)) return '–';
    if (Number.isInteger(v)) return v.toLocaleString('en');
    const a = Math.abs(v);
    return a >= 1000 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toPrecision(3);
  }
  function cell(tr, text, tag) {
    const td = document.createElement(tag || 'td');
    td.textContent = text;
    tr.appendChild(td);
  }
  // parameters' readable labels (as on the page): the doc string's first
  // part, with the identifier in small type under it
  let labels = null;
  async function loadLabels() {
    try {
      const sc = await fetch('/api/scenario').then(r => r.json());
      labels = {};
      (sc.parameters || []).forEach(p => {
        const head = (p.doc || '').split(/: | \(|; /)[0].trim();
        labels[p.name] = head ? head.charAt(0).toUpperCase() + head.slice(1) : p.name;
      });
    } catch (e) { labels = null; }
  }
  function paramHead(tr, n) {
    const th = document.createElement('th');
    th.title = n;
    if (labels && labels[n] && labels[n] !== n) {
      const code = document.createElement('code');
      code.className = 'pid';
      code.textContent = n;
      th.append(labels[n], document.createElement('br'), code);
    } else {
      th.textContent = n;
    }
    tr.appendChild(th);
  }
  async function refresh() {
    if (labels === null) await loadLabels();
    try {
      const [svg, data] = await Promise.all([
        fetch('/api/class.svg').then(r => r.text()),
        fetch('/api/class').then(r => r.json())]);
      scatter.innerHTML = svg;
      head.textContent = '';
      body.textContent = '';
      const people = data.participants || [];
      if (people.length) {
        const names = Object.keys(people[0].parameters);
        const tr = document.createElement('tr');
        cell(tr, 'participant', 'th');
        names.forEach(n => paramHead(tr, n));
        ['harm (M$)', 'startup survival', 'seed'].forEach(n => cell(tr, n, 'th'));
        head.appendChild(tr);
        people.forEach(p => {
          const row = document.createElement('tr');
          cell(row, p.name ? p.name + ' (' + p.label + ')' : p.label);
          names.forEach(n => cell(row, fmt(p.parameters[n])));
          cell(row, fmt(p.outcomes.harm));
          cell(row, fmt(p.outcomes.startup_survival_rate));
          cell(row, String(p.seed));
          body.appendChild(row);
        });
      }
      // the square is the default run of the seed most participants use
      const d = data.defaults || {};
      document.getElementById('legend').textContent = d.seed === undefined ? '' :
        'Orange square: every slider at its default, seed ' + d.seed +
        (d.reps > 1 ? ', ' + d.reps + ' replicates' : '') + ' (the seed most participants use). ' +
        'A dot with another seed (see the table) differs from it by chance as well as by policy.';
      status.textContent = people.length + ' participant' + (people.length === 1 ? '' : 's');
      // for tests: the scatter's size and the screen's, once drawn
      const svgEl = scatter.querySelector('svg');
      if (svgEl) {
        const r = svgEl.getBoundingClientRect(), lr = document.getElementById('legend').getBoundingClientRect();
        document.body.dataset.scatter = Math.round(r.width) + 'x' + Math.round(r.height) +
          ' bottom=' + Math.round(lr.bottom + window.scrollY) + ' vw=' + window.innerWidth + ' vh=' + window.innerHeight;
      }
    } catch (e) {
      status.textContent = 'The server does not answer: ' + e;
    }
  }
  refresh();
  setInterval(refresh, 2000);
})();
