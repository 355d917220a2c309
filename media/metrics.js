// The metrics panel's charts: a small SVG line-chart drawer of our own, bundled with the extension (no remote script;
// the panel's Content-Security-Policy allows only this file). Colours come from the editor's theme variables.
(function () {
  const vscode = acquireVsCodeApi();
  // The colours c0…c5 of metrics.css, the theme's chart colours.
  const PALETTE_SIZE = 6;
  const SVG = 'http://www.w3.org/2000/svg';
  // The page's words in the editor's language, from the extension (src/vscode/webviews/metrics-panel.ts: pageWords).
  const WORDS = JSON.parse(document.body.dataset.words || '{}');

  /** A word of WORDS with its {0}, {1} filled in. */
  function say(key, ...args) {
    return (WORDS[key] || '').replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)]));
  }

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (parent) parent.appendChild(node);
    return node;
  }

  function format(value, unit) {
    if (unit === 'B/s') {
      if (value >= 1048576) return (value / 1048576).toFixed(1) + ' MiB/s';
      if (value >= 1024) return (value / 1024).toFixed(1) + ' KiB/s';
      return value.toFixed(0) + ' B/s';
    }
    if (unit === 'cores') return say('cores', value.toFixed(value < 0.1 ? 3 : 2));
    return value.toFixed(0) + ' MiB';
  }

  function time(ms) {
    return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  /** One chart: a line per series, axes with three ticks, a legend with each series' latest value. */
  function chart(container, title, series) {
    const section = document.createElement('section');
    section.className = 'chart';
    const heading = document.createElement('h2');
    heading.textContent = title;
    section.appendChild(heading);
    container.appendChild(section);
    const points = series.flatMap((s) => s.points);
    if (points.length === 0) {
      const empty = document.createElement('p');
      empty.className = 'empty';
      empty.textContent = say('noData');
      section.appendChild(empty);
      return;
    }
    const width = 560,
      height = 180,
      left = 70,
      bottom = 24,
      top = 8,
      right = 8;
    const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title }, section);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const x0 = Math.min(...xs),
      x1 = Math.max(...xs, x0 + 1);
    const y1 = Math.max(...ys, 0) * 1.1 || 1;
    const sx = (x) => left + ((x - x0) / (x1 - x0)) * (width - left - right);
    const sy = (y) => height - bottom - (y / y1) * (height - bottom - top);
    for (const f of [0, 0.5, 1]) {
      const y = y1 * f;
      el('line', { x1: left, x2: width - right, y1: sy(y), y2: sy(y), class: 'grid' }, svg);
      el('text', { x: left - 6, y: sy(y) + 4, 'text-anchor': 'end', class: 'tick' }, svg).textContent = format(
        y,
        series[0].unit,
      );
    }
    for (const f of [0, 0.5, 1]) {
      const x = x0 + (x1 - x0) * f;
      el(
        'text',
        { x: sx(x), y: height - 6, 'text-anchor': f === 0 ? 'start' : f === 1 ? 'end' : 'middle', class: 'tick' },
        svg,
      ).textContent = time(x);
    }
    const legend = document.createElement('ul');
    legend.className = 'legend';
    series.forEach((s, i) => {
      if (s.points.length === 0) return;
      // A colour class, not a style attribute: the panel's CSP (no 'unsafe-inline') drops style attributes.
      const colour = `c${i % PALETTE_SIZE}`;
      const d = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ');
      el('path', { d, class: `series ${colour}` }, svg);
      // The newest point as a dot: visible even when the range holds a single point.
      const last = s.points[s.points.length - 1];
      el('circle', { cx: sx(last[0]).toFixed(1), cy: sy(last[1]).toFixed(1), r: 2.5, class: `dot ${colour}` }, svg);
      const item = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = `swatch ${colour}`;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(`${s.name}: ${format(s.points[s.points.length - 1][1], s.unit)}`));
      legend.appendChild(item);
    });
    section.appendChild(legend);
  }

  function render(message) {
    const charts = document.getElementById('charts');
    charts.textContent = '';
    document.getElementById('status').textContent = message.error
      ? message.error
      : say(
          message.records === 1 ? 'updatedOne' : 'updatedMany',
          new Date(message.updatedAt).toLocaleTimeString(),
          message.records,
        );
    document.getElementById('status').className = message.error ? 'error' : '';
    if (!message.charts) return;
    chart(charts, say('cpu'), message.charts.cpu);
    chart(charts, say('memory'), message.charts.memory);
    chart(charts, say('network'), message.charts.network);
    document.body.dataset.rendered = String(charts.querySelectorAll('path.series').length);
  }

  window.addEventListener('message', (event) => render(event.data));
  for (const id of ['range', 'period']) {
    document.getElementById(id).addEventListener('change', () => {
      vscode.postMessage({
        type: 'configure',
        range: Number(document.getElementById('range').value),
        period: Number(document.getElementById('period').value),
      });
    });
  }
  vscode.postMessage({ type: 'ready' });
})();
