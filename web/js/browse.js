// Browsing, not only searching (docs/archive.md "Browsing", docs/web.md): collection pages
// (#/collections, #/collections/ID: description, chapters, numbered documents), previous/next in
// collection order on every record page, and the date histogram above the search hits, which a
// reader drags across (mouse, touch or keyboard) to set the date range.
import { h, announce } from './dom.js';
import { get, enc } from './api.js';

// GET /api/collections: the collections the reader may see.
export async function collectionsView() {
  const res = await get('/api/collections');
  const parts = [h('h1', null, 'Collections')];
  if (!res.ok) {
    parts.push(h('p', { class: 'error', role: 'alert' }, `Could not list collections: ${res.error}`));
    return h('div', null, parts);
  }
  const items = res.data.items || [];
  const group = (kind, title) => {
    const list = items.filter((c) => c.kind === kind);
    if (!list.length) return null;
    return h('section', { 'aria-labelledby': `kind-${kind}` },
      h('h2', { id: `kind-${kind}` }, title),
      h('ul', { class: 'collections' }, list.map((c) => h('li', { 'data-id': c.id },
        h('a', { href: `#/collections/${enc(c.id)}` }, c.title || c.id),
        h('span', { class: 'meta' }, ` · ${c.count} ${c.count === 1 ? 'document' : 'documents'}`),
        c.description ? h('p', { class: 'meta' }, firstParagraph(c.description)) : null))));
  };
  parts.push(group('curated', 'Curated collections'), group('volume', 'Volumes'));
  if (!items.length) parts.push(h('p', null, 'No collections yet.'));
  return h('div', null, parts);
}

function firstParagraph(text) {
  const first = text.split(/\n\s*\n/)[0];
  return first.length > 240 ? `${first.slice(0, 240)}…` : first;
}

// GET /api/collections/{id}: the table of contents, chapters nested as the volume nests them.
export async function collectionView(id) {
  const res = await get(`/api/collections/${enc(id)}`);
  if (!res.ok) {
    announce('Collection not found');
    return h('div', null, h('h1', null, 'Collection not found'),
      h('p', null, res.status === 404 ? `No collection ${id}.` : res.error),
      h('p', null, h('a', { href: '#/collections' }, 'All collections')));
  }
  const c = res.data;
  const parts = [h('p', { class: 'crumbs' }, h('a', { href: '#/collections' }, 'Collections')),
    h('h1', null, c.title || c.id),
    h('p', { class: 'meta' }, `${c.kind === 'volume' ? 'Volume' : 'Curated collection'} · `,
      h('code', null, c.id), ` · ${c.count} ${c.count === 1 ? 'document' : 'documents'}`)];
  if (c.description) {
    parts.push(h('div', { class: 'description' },
      c.description.split(/\n\s*\n/).map((p) => h('p', null, p.trim()))));
  }
  const toc = h('nav', { class: 'toc', 'aria-label': 'Contents' });
  let open = [];
  for (const section of c.sections) {
    const path = section.path || [];
    let same = 0;
    while (same < open.length && same < path.length && open[same] === path[same]) same += 1;
    for (let i = same; i < path.length; i += 1) {
      toc.append(h(`h${Math.min(2 + i, 6)}`, { class: `toc-heading level-${i}` }, path[i]));
    }
    open = path;
    const list = h('ol', { class: `toc-entries level-${path.length}` }, section.entries.map((e) =>
      h('li', { 'data-id': e.id, value: /^\d+$/.test(e.number) ? e.number : null },
        h('span', { class: 'toc-number' }, `${e.number}.`), ' ',
        h('a', { href: `#/record/${enc(e.id)}` }, e.title || e.id),
        e.date ? h('span', { class: 'meta' }, ` · ${e.date}`) : null)));
    toc.append(list);
  }
  parts.push(toc);
  return h('div', { class: 'collection' }, parts);
}

// Previous/next of record `id` in each collection it is in (GET /api/records/{id}/neighbours);
// null when it is in none. Hidden records are skipped by the server.
export async function neighboursBlock(id) {
  const res = await get(`/api/records/${enc(id)}/neighbours`);
  if (!res.ok || !res.data.collections || !res.data.collections.length) return null;
  const link = (entry, rel, text) => (entry
    ? h('a', { href: `#/record/${enc(entry.id)}`, rel, class: rel, title: entry.title },
      `${text} ${entry.number}. ${entry.title}`)
    : h('span', { class: `${rel} none` }, rel === 'prev' ? 'First document' : 'Last document'));
  return h('nav', { class: 'neighbours', 'aria-label': 'In collection order' },
    res.data.collections.map((n) => h('div', { class: 'neighbour', 'data-collection': n.collection },
      h('p', { class: 'meta' }, `Document ${n.index} of ${n.count} in `,
        h('a', { href: `#/collections/${enc(n.collection)}` }, n.title || n.collection),
        n.chapter ? ` · ${n.chapter.split(' › ').slice(-1)[0]}` : ''),
      h('p', { class: 'neighbour-links' }, link(n.previous, 'prev', '‹'), ' ', link(n.next, 'next', '›')))));
}

// The date histogram (docs/search.md): one bar per year or month of the current results. Drag
// across the bars (pointer: mouse, pen or touch) to choose a range; on the keyboard, arrows move,
// Shift+arrows extend, Enter applies, Escape cancels. `href(state)` makes the search link.
export function histogramBlock(state, histogram, href) {
  if (!histogram || !histogram.bins || !histogram.bins.length) return null;
  const bins = histogram.bins;
  const max = Math.max(1, ...bins.map((b) => b.count));
  const unit = histogram.unit === 'month' ? 'month' : 'year';
  let anchor = null;
  let focus = 0;
  let range = null;
  const status = h('p', { class: 'histogram-status', 'aria-live': 'polite' },
    state.from || state.to ? `Dates ${state.from || '…'} to ${state.to || '…'}` : 'Drag across the bars to choose dates');
  const bars = bins.map((b, i) => {
    const fill = h('span', { class: 'fill' });
    fill.style.height = `${Math.round((100 * b.count) / max)}%`; // CSSOM: allowed by the CSP
    return h('div', {
      class: 'bar', 'data-index': i, 'data-label': b.label, 'data-count': b.count,
      role: 'option', 'aria-selected': 'false', 'aria-label': `${b.label}: ${b.count}`, id: `hbar-${i}`,
    }, fill);
  });
  const chart = h('div', {
    class: 'histogram-bars', role: 'listbox', tabindex: 0, 'aria-multiselectable': 'true',
    'aria-label': `Results by ${unit}; use the arrow keys, Shift to extend, Enter to search those dates`,
    'aria-activedescendant': 'hbar-0',
  }, bars);
  const show = () => {
    bars.forEach((bar, i) => {
      const on = range && i >= range[0] && i <= range[1];
      bar.classList.toggle('selected', Boolean(on));
      bar.classList.toggle('focus', i === focus);
      bar.setAttribute('aria-selected', on ? 'true' : 'false');
    });
    chart.setAttribute('aria-activedescendant', `hbar-${focus}`);
    if (range) {
      const count = bins.slice(range[0], range[1] + 1).reduce((n, b) => n + b.count, 0);
      status.textContent = `${bins[range[0]].label} to ${bins[range[1]].label}: ${count} ${count === 1 ? 'record' : 'records'}`;
    }
  };
  const apply = () => {
    if (!range) return;
    location.hash = href({ ...state, from: bins[range[0]].label, to: bins[range[1]].label, page: 1 });
  };
  const indexAt = (x) => {
    const box = chart.getBoundingClientRect();
    const i = Math.floor(((x - box.left) / Math.max(1, box.width)) * bins.length);
    return Math.max(0, Math.min(bins.length - 1, i));
  };
  chart.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    try {
      chart.setPointerCapture(e.pointerId); // keep the drag when the pointer leaves the bars
    } catch {
      // a synthetic or already-released pointer: the drag still works inside the chart
    }
    anchor = indexAt(e.clientX);
    focus = anchor;
    range = [anchor, anchor];
    show();
  });
  chart.addEventListener('pointermove', (e) => {
    if (anchor === null) return;
    focus = indexAt(e.clientX);
    range = [Math.min(anchor, focus), Math.max(anchor, focus)];
    show();
  });
  const end = () => {
    if (anchor === null) return;
    anchor = null;
    apply();
  };
  chart.addEventListener('pointerup', end);
  chart.addEventListener('pointercancel', () => { anchor = null; range = null; show(); });
  chart.addEventListener('keydown', (e) => {
    const step = { ArrowLeft: -1, ArrowRight: 1, Home: -bins.length, End: bins.length }[e.key];
    if (step !== undefined) {
      e.preventDefault();
      const from = focus;
      focus = Math.max(0, Math.min(bins.length - 1, focus + step));
      if (e.shiftKey) {
        const a = range ? (from === range[0] ? range[1] : range[0]) : from;
        range = [Math.min(a, focus), Math.max(a, focus)];
      } else {
        range = [focus, focus];
      }
      show();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      if (!range) range = [focus, focus];
      apply();
    } else if (e.key === 'Escape') {
      range = null;
      show();
    }
  });
  const clear = state.from || state.to
    ? h('button', { type: 'button', class: 'link histogram-clear',
      onclick: () => { location.hash = href({ ...state, from: '', to: '', page: 1 }); } }, 'Clear dates')
    : null;
  return h('figure', { class: 'histogram', 'data-unit': unit, 'data-from': state.from || '', 'data-to': state.to || '' },
    h('figcaption', null, `Results by ${unit}`, clear ? ' · ' : '', clear),
    chart,
    h('div', { class: 'histogram-axis', 'aria-hidden': 'true' },
      h('span', null, bins[0].label), h('span', null, bins[bins.length - 1].label)),
    status);
}
