// Name authorities (docs/authorities.md): the authority page (#/authorities/ID-or-name: names,
// dates, posts held, the records the reader may read that name the person, count by year) and
// the record page's hook that links each person it names to that page.
import { h, announce, formatDate } from './dom.js';
import { get, enc } from './api.js';

// Header rows whose values are people, as record.js writes them ("A; B (pending)").
const kPersonRows = new Set(['Drafter', 'Persons']);

function personLink(name) {
  return h('a', { href: `#/authorities/${enc(name)}`, class: 'person-link' }, name);
}

function linkable(name) {
  return name && !/^the /i.test(name);
}

// Replaces each person named in the record's header rows by a link to their authority page:
// the approvers (li.approval, whose first text is the name), the also-informed list, and the
// plain rows (drafter, persons: "A; B"). The page resolves a name (several matches: it says
// so), so no look-up is made here.
export function linkPersons(article) {
  for (const li of article.querySelectorAll('li.approval, dd[data-row="also-informed"] li')) {
    const first = li.firstChild;
    if (!first || first.nodeType !== Node.TEXT_NODE || !linkable(first.textContent.trim())) continue;
    li.replaceChild(personLink(first.textContent.trim()), first);
  }
  for (const dt of article.querySelectorAll('dl.cable-headers dt')) {
    if (!kPersonRows.has(dt.textContent.trim())) continue;
    const dd = dt.nextElementSibling;
    if (!dd || dd.tagName !== 'DD' || dd.children.length) continue;
    const parts = dd.textContent.split('; ');
    dd.replaceChildren();
    parts.forEach((part, i) => {
      const m = /^(.*?)( \([^)]*\))?$/.exec(part);
      const name = m[1].trim();
      if (i) dd.append('; ');
      if (!linkable(name)) dd.append(part);
      else dd.append(personLink(name), m[2] || '');
    });
  }
}

function span(from, to) {
  if (!from && !to) return '';
  return `${from || '?'}–${to || ''}`;
}

function postsTable(posts) {
  if (!posts.length) return null;
  return h('table', { class: 'authority-posts' },
    h('thead', null, h('tr', null, h('th', null, 'Role'), h('th', null, 'Post'),
      h('th', null, 'Appointed'), h('th', null, 'Started'), h('th', null, 'Ended'))),
    h('tbody', null, posts.map((p) => h('tr', null,
      h('td', { 'data-label': 'Role' }, p.role || ''), h('td', { 'data-label': 'Post' }, p.post_name || p.post),
      h('td', { 'data-label': 'Appointed' }, p.appointed || ''),
      h('td', { 'data-label': 'Started' }, p.started || ''),
      h('td', { 'data-label': 'Ended' }, p.ended || '')))));
}

function byYear(years) {
  if (!years.length) return null;
  const most = Math.max(...years.map((y) => y.count));
  return h('ol', { class: 'authority-years', 'aria-label': 'Records by year' },
    years.map((y) => {
      const bar = h('span', { class: 'bar' });
      bar.style.width = `${Math.max(4, Math.round((100 * y.count) / most))}%`; // CSSOM: CSP allows it
      return h('li', null, h('span', { class: 'year' }, y.year),
        h('span', { class: 'bar-track' }, bar), h('span', { class: 'count' }, String(y.count)));
    }));
}

export async function authorityView(m) {
  const id = typeof m === 'string' ? m : m[1];
  const res = await get(`/api/authorities/${enc(id)}?limit=50`);
  if (!res.ok) {
    announce('Authority not found');
    return h('div', null, h('h1', null, 'No such authority'),
      h('p', { class: 'error', role: 'alert' }, res.status === 404
        ? `No person, office or organization is known as ${id}.` : res.error),
      h('p', null, h('a', { href: '#/' }, 'Back to the reading room')));
  }
  const a = res.data;
  announce(`${a.name} loaded`);
  const records = a.records || { total: 0, by_year: [], hits: [] };
  return h('article', { class: 'authority', 'data-id': a.id },
    h('p', { class: 'record-date' }, `${a.kind} · ${a.id}`),
    h('h1', null, a.name),
    span(a.birth, a.death) ? h('p', { class: 'authority-life' }, span(a.birth, a.death)) : null,
    a.variants.length ? h('section', { class: 'field-block', id: 'authority-variants' },
      h('h2', null, 'Also known as:'),
      h('ul', { class: 'authority-variants' }, a.variants.map((v) => h('li', null, v)))) : null,
    a.posts.length ? h('section', { class: 'field-block' }, h('h2', null, 'Posts held:'),
      postsTable(a.posts)) : null,
    a.note ? h('section', { class: 'field-block' }, h('h2', null, 'Note:'), h('p', null, a.note)) : null,
    h('section', { class: 'field-block', id: 'authority-records' },
      h('h2', null, `Records naming ${a.kind === 'person' ? 'this person' : 'it'}: ${records.total}`),
      byYear(records.by_year),
      records.hits.length ? h('ul', { class: 'authority-hits' }, records.hits.map((r) => h('li', null,
        h('a', { href: `#/record/${enc(r.id)}` }, r.title || r.id), ' ',
        h('span', { class: 'hit-date' }, formatDate(r.date) || 'Undated')))) : null,
      records.total ? h('p', null, h('a', { href: `#/search?q=${enc(`person:"${a.name}"`)}` },
        'Search these records')) : null),
    a.sources.length ? h('section', { class: 'field-block' }, h('h2', null, 'Sources:'),
      h('ul', null, a.sources.map((s) => h('li', null, s)))) : null,
    h('p', null, h('button', { type: 'button', class: 'link', onclick: () => history.back() }, '‹ Back')));
}
