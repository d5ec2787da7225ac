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
export function formatDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
                  'September', 'October', 'November', 'December'];
  if (!m[2]) return m[1];
  const month = months[Number(m[2]) - 1] || m[2];
  if (!m[3]) return `${month} ${m[1]}`;
  const time = iso.length > 10 ? ` ${iso.slice(11)}` : '';
  return `${month} ${Number(m[3])}, ${m[1]}${time}`;
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
