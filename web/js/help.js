// The query-language help (docs/search.md "Query language"), each example a runnable link.
import { h } from './dom.js';

const kExamples = [
  ['criticisms', 'a word; stemmed, so it also finds "criticism" and "criticize"'],
  ['soviet embassy', 'both words (an implicit AND)'],
  ['"soviet embassy"', 'the exact phrase'],
  ['algeria OR cuba', 'either word (operators are upper case)'],
  ['embassy NOT algeria', 'exclude a word; also written embassy -algeria'],
  ['(liaison OR cuba) AND embassy', 'grouping with parentheses'],
  ['title:liaison', 'a word in the title'],
  ['person:"zhou enlai"', 'a person: drafter, approver, persons named, translator'],
  ['from:ministry', 'the sending organization or office'],
  ['to:algeria', 'an addressee'],
  ['place:beijing', 'the place of writing'],
  ['serial:"(63) B-Yin-692"', 'a serial number, verbatim or a part of it'],
  ['ref:"PRC FMA 109-03861-03"', 'an archival reference, whole or a segment'],
  ['class:"top secret"', 'the original classification (class:secret does not match TOP SECRET)'],
  ['prec:priority', 'the precedence'],
  ['type:telegram', 'the document kind or type'],
  ['lang:chinese', 'the original language'],
  ['vol:frus1961-63v22', 'a collection, such as a FRUS volume'],
];

function exampleHref(query) {
  return `#/search?${new URLSearchParams({ q: query }).toString()}`;
}

// The help page: syntax, fields, dates and examples.
export async function helpView() {
  return h('div', { class: 'help' },
    h('h1', null, 'How to search'),
    h('p', null, 'Type words to find records that contain all of them. Upper-case ',
      h('code', null, 'AND'), ', ', h('code', null, 'OR'), ' and ', h('code', null, 'NOT'),
      ' (or ', h('code', null, '-word'), ') combine clauses; parentheses group them; double quotes make an exact phrase. ',
      'A field name and a colon limit a word or phrase to one part of the record. Lower-case and, or, not are ordinary words.'),
    h('h2', null, 'Examples'),
    h('table', { class: 'examples' },
      h('caption', { class: 'visually-hidden' }, 'Query examples'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Query'), h('th', { scope: 'col' }, 'Finds'))),
      h('tbody', null, kExamples.map(([query, meaning]) => h('tr', null,
        h('td', null, h('a', { href: exampleHref(query) }, h('code', null, query))),
        h('td', null, meaning))))),
    h('h2', null, 'Dates'),
    h('p', null, 'From and To take a year (1963), a month (1963-03) or a day (1963-03-13) and are inclusive. ',
      'Records without a date are left out of a date range unless you tick "Include undated records".'),
    h('h2', null, 'Limits'),
    h('p', null, 'A query has at most 1,024 characters and 64 terms. Results are shown 10 to a page, up to the 10,000th.'),
    h('h2', null, 'What you see'),
    h('p', null, 'You see only the records your clearance allows, and the totals and counts count only those. ',
      'Signing in may show more.'));
}
