// The reading room: search with the query language, facets, date range, sort and pages; the
// record page laid out like the seed record; the query-language help.
import { h, snippetNodes, announce, formatDate } from './dom.js';
import { get, withQuery, enc } from './api.js';
import { histogramBlock } from './browse.js';
import { saveSearchPanel } from './saved.js';

const kFacets = ['decade', 'year', 'classification', 'precedence', 'from', 'to', 'collection',
                 'language', 'type'];
const kFacetTitles = { decade: 'Decade', year: 'Year', classification: 'Classification',
  precedence: 'Precedence', from: 'From', to: 'To', collection: 'Collection',
  language: 'Original language', type: 'Document type' };
// A facet value refines the search with a query-language clause (docs/search.md).
const kFacetFields = { classification: 'class', precedence: 'prec', from: 'from', to: 'to',
  collection: 'vol', language: 'lang', type: 'type' };
const kPageSize = 10;

// The search state lives in the hash's query string: q, from, to, undated, sort, page.
function stateFrom(query) {
  return { q: query.get('q') || '', from: query.get('from') || '', to: query.get('to') || '',
    undated: query.get('undated') === '1', sort: query.get('sort') || 'relevance',
    page: Math.max(1, Number.parseInt(query.get('page') || '1', 10) || 1) };
}

export function searchHref(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.undated) params.set('undated', '1');
  if (state.sort && state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  const text = params.toString();
  return text ? `#/search?${text}` : '#/';
}

function quoteValue(value) {
  return `"${value.replace(/"/g, '')}"`;
}

function refine(state, facet, value) {
  const next = { ...state, page: 1 };
  if (facet === 'year') {
    next.from = value; next.to = value;
  } else if (facet === 'decade') {
    const start = Number.parseInt(value, 10);
    next.from = String(start); next.to = String(start + 9);
  } else {
    const clause = `${kFacetFields[facet]}:${quoteValue(value)}`;
    next.q = state.q ? `${state.q} ${clause}` : clause;
  }
  return searchHref(next);
}

function searchForm(state) {
  const field = (id, label, input) => h('div', { class: 'field' }, h('label', { for: id }, label), input);
  const sort = h('select', { id: 'sort', name: 'sort' },
    [['relevance', 'Relevance'], ['date-asc', 'Date, oldest first'], ['date-desc', 'Date, newest first']]
      .map(([v, t]) => h('option', { value: v, selected: state.sort === v }, t)));
  const form = h('form', { role: 'search', class: 'search', 'aria-label': 'Record search' },
    h('div', { class: 'field query' },
      h('label', { for: 'q' }, 'Search the records'),
      h('div', { class: 'row' },
        h('input', { id: 'q', name: 'q', type: 'search', value: state.q, maxlength: 1024,
          autocomplete: 'off', 'aria-describedby': 'q-help' }),
        h('button', { type: 'submit' }, 'Search')),
      h('p', { id: 'q-help', class: 'hint' }, 'Words, "exact phrases", AND / OR / NOT, fields like ',
        h('code', null, 'person:"zhou enlai"'), '. ', h('a', { href: '#/help' }, 'Query syntax help'))),
    h('fieldset', { class: 'range' }, h('legend', null, 'Date range and order'),
      field('from', 'From (year, YYYY-MM or YYYY-MM-DD)',
        h('input', { id: 'from', name: 'from', value: state.from, inputmode: 'numeric', size: 10 })),
      field('to', 'To', h('input', { id: 'to', name: 'to', value: state.to, inputmode: 'numeric', size: 10 })),
      h('div', { class: 'field check' },
        h('input', { id: 'undated', name: 'undated', type: 'checkbox', checked: state.undated }),
        h('label', { for: 'undated' }, 'Include undated records')),
      field('sort', 'Sort by', sort)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    location.hash = searchHref({ q: String(data.get('q') || '').trim(),
      from: String(data.get('from') || '').trim(), to: String(data.get('to') || '').trim(),
      undated: data.get('undated') === 'on', sort: String(data.get('sort')), page: 1 });
  });
  return form;
}

function facetList(state, facets) {
  const groups = kFacets.filter((name) => facets && facets[name] && facets[name].length)
    .map((name) => h('section', { class: 'facet', 'data-facet': name },
      h('h3', { id: `facet-${name}` }, kFacetTitles[name]),
      h('ul', { 'aria-labelledby': `facet-${name}` }, facets[name].slice(0, 12).map((f) =>
        h('li', null, h('a', { href: refine(state, name, f.value), 'data-value': f.value,
          'aria-label': `${f.label || f.value}: ${f.count} records, refine` }, f.label || f.value),
        ' ', h('span', { class: 'count', 'data-count': f.count }, String(f.count)))))));
  return h('aside', { class: 'facets', 'aria-labelledby': 'facets-title' },
    h('h2', { id: 'facets-title' }, 'Refine'), groups.length ? groups : h('p', null, 'No facets.'));
}

function pager(state, total) {
  const pages = Math.min(Math.ceil(total / kPageSize), Math.floor(10000 / kPageSize));
  if (pages <= 1) return null;
  const link = (page, text, label) => h('li', null, page === state.page
    ? h('span', { 'aria-current': 'page' }, text)
    : h('a', { href: searchHref({ ...state, page }), 'aria-label': label }, text));
  const items = [];
  if (state.page > 1) items.push(link(state.page - 1, '‹ Previous', 'Previous page'));
  const first = Math.max(1, state.page - 3);
  for (let p = first; p <= Math.min(pages, first + 6); p += 1) items.push(link(p, String(p), `Page ${p}`));
  if (state.page < pages) items.push(link(state.page + 1, 'Next ›', 'Next page'));
  return h('nav', { class: 'pager', 'aria-label': 'Result pages' }, h('ul', null, items));
}

function hitItem(hit) {
  return h('li', { class: 'hit', 'data-id': hit.id },
    h('h3', null, h('a', { href: `#/record/${enc(hit.id)}` }, hit.title || hit.id)),
    h('p', { class: 'meta' }, h('span', { class: 'hit-date' }, formatDate(hit.date, hit) || 'Undated'),
      ' · ', h('code', null, hit.id)),
    hit.snippet ? h('p', { class: 'snippet' }, snippetNodes(hit.snippet)) : null);
}

// GET /api/search with the state; renders the form, the total, facets, hits and pages.
export async function searchView(query) {
  const state = stateFrom(query);
  const res = await get(withQuery('/api/search', { q: state.q, from: state.from, to: state.to,
    undated: state.undated ? 'true' : '', sort: state.sort === 'relevance' ? '' : state.sort,
    page: state.page, size: kPageSize, facets: kFacets.join(','), snippets: 'true', histogram: '1' }));
  const parts = [h('h1', null, 'Reading room'), searchForm(state)];
  const save = await saveSearchPanel(state);  // after the results: they come first
  if (!res.ok) {
    parts.push(h('p', { class: 'error', role: 'alert' }, `Search failed: ${res.error}`));
    announce(`Search failed: ${res.error}`);
    parts.push(save);
    return h('div', null, parts);
  }
  const { total, hits } = res.data;
  const summary = `${total} ${total === 1 ? 'record' : 'records'}` +
    (res.data.budget_exceeded ? ' or more (the search ran out of time)' : '');
  announce(`${summary} found`);
  parts.push(h('div', { class: 'results-layout' },
    h('section', { class: 'results', 'aria-labelledby': 'results-title' },
      h('h2', { id: 'results-title' }, h('span', { id: 'total', 'data-total': total }, summary)),
      histogramBlock(state, res.data.histogram, searchHref), // browse.js: drag to set dates
      hits.length ? h('ol', { class: 'hits', start: (state.page - 1) * kPageSize + 1 }, hits.map(hitItem))
        : h('p', null, 'Nothing matches. Try fewer words or ', h('a', { href: '#/help' }, 'the syntax help'), '.'),
      pager(state, total), save),
    facetList(state, res.data.facets)));
  return h('div', null, parts);
}

export { helpView } from './help.js';
export { recordView } from './record.js';
