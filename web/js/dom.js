// DOM helpers. Every string from the API goes into the page as a text node (never innerHTML),
// so record fields cannot inject markup whatever they contain.

// h('a', {href: '#/x', class: 'y'}, 'text', child, [more]) builds an element. Attributes whose
// value is null/undefined/false are skipped; `on<event>` attributes become listeners.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) {
      append(el, child);
    } else if (child instanceof Node) {
      el.appendChild(child);
    } else {
      el.appendChild(document.createTextNode(String(child)));
    }
  }
}

// Replaces the children of `el`.
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const kEntities = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'",
                    '&#x27;': "'", '&apos;': "'" };

// Undoes the HTML escaping of the API's snippets (only the five entities it writes).
export function unescapeHtml(text) {
  return text.replace(/&(?:amp|lt|gt|quot|apos|#39|#x27);/g, (m) => kEntities[m]);
}

// A snippet is HTML-escaped text with <b>…</b> around matched words (docs/search.md). Returns
// nodes: text nodes for the text, <mark> elements for the matches. Any other markup stays text.
export function snippetNodes(snippet) {
  const nodes = [];
  const parts = String(snippet).split(/(<b>|<\/b>)/);
  let bold = false;
  for (const part of parts) {
    if (part === '<b>') { bold = true; continue; }
    if (part === '</b>') { bold = false; continue; }
    if (!part) continue;
    const text = unescapeHtml(part);
    nodes.push(bold ? h('mark', null, text) : document.createTextNode(text));
  }
  return nodes;
}

// Announces `message` in the page's polite live region (screen readers read it out).
export function announce(message) {
  const region = document.getElementById('status');
  if (region) region.textContent = message;
}

// "1963-03-13" -> "March 13, 1963" (the seed record's form); "1963-03" -> "March 1963".
// Date-times in the source's own terms (docs/format/dates.md): "1961-02-25T21:00Z" ->
// "February 25, 1961, 2100Z"; a local time "…T21:00+08:00[Asia/Taipei]" -> "February 25, 1961,
// 9 p.m. UTC+08:00". With `record` (a record's JSON), its date_display ("…, 9 p.m., Taipei"),
// and for an undated record with approximate dates the range, marked approximate.
export function formatDate(iso, record) {
  if (record && record.date_approximate && !iso) {
    return `Undated; approximately ${formatDate(record.earliest)} to ${formatDate(record.latest)}` +
      ' (from its place in the volume)';
  }
  if (record && record.date_display && iso === record.date) return record.date_display;
  if (!iso) return '';
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:T(\d{2}):(\d{2})(?::\d{2})?(Z|[+-]\d{2}:\d{2}|\[local\])?)?/.exec(iso);
  if (!m) return iso;
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
                  'September', 'October', 'November', 'December'];
  if (!m[2]) return m[1];
  const month = months[Number(m[2]) - 1] || m[2];
  if (!m[3]) return `${month} ${m[1]}`;
  const day = `${month} ${Number(m[3])}, ${m[1]}`;
  if (!m[4]) return day;
  if (!m[6] || m[6] === 'Z') return `${day}, ${m[4]}${m[5]}Z`;
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const clock = minute === 0 && hour === 12 ? 'noon' : minute === 0 && hour === 0 ? 'midnight'
    : `${h12}${minute ? ':' + m[5] : ''} ${hour < 12 ? 'a.m.' : 'p.m.'}`;
  return m[6] === '[local]' ? `${day}, ${clock}` : `${day}, ${clock} UTC${m[6]}`;
}

// A label object {classification, categories, releasable_to} as a banner "SECRET//NOFORN".
export function banner(label) {
  if (!label) return '';
  let text = label.classification || '';
  if (label.categories && label.categories.length) text += '//' + label.categories.join('/');
  if (label.releasable_to && label.releasable_to.length) {
    text += '//REL TO ' + label.releasable_to.join(', ');
  }
  return text;
}

// The classification banner, shown top and bottom of drafts and cables.
export function bannerBar(text) {
  return h('p', { class: `banner ${bannerClass(text)}`, 'data-banner': text }, text || 'UNMARKED');
}

function bannerClass(text) {
  const t = (text || '').toUpperCase();
  if (t.startsWith('TOP SECRET')) return 'ts';
  if (t.startsWith('SECRET')) return 's';
  if (t.startsWith('CONFIDENTIAL')) return 'c';
  return 'u';
}

// Sets the document title and moves focus to the main heading, so a screen reader user hears
// that the view changed and keyboard focus starts at the new content.
export function focusHeading(title) {
  document.title = `${title} · Chancery`;
  const heading = document.querySelector('main h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
}
