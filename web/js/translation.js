// Translations on the record page (docs/archive.md "Translations"): the original and a
// translation side by side, paragraph by paragraph (body paragraph i of a translation is aligned
// with paragraph i of its original), with a language switch; one language at a time on a narrow
// screen (<= 600 px, app.css). A translation of an original this archive does not hold says so.
// The other record is fetched like any record, so one the reader may not read (or that does not
// exist) reads the same: "not available to you".
import { h } from './dom.js';
import { get, enc } from './api.js';

// BCP 47 tags for the languages archives name, so that the browser picks the right fonts and
// screen readers the right voice. Unknown names get none.
const kLanguageTags = {
  chinese: 'zh', english: 'en', russian: 'ru', french: 'fr', german: 'de', spanish: 'es',
  japanese: 'ja', korean: 'ko', vietnamese: 'vi', polish: 'pl', czech: 'cs', hungarian: 'hu',
  romanian: 'ro', bulgarian: 'bg', arabic: 'ar', persian: 'fa', italian: 'it', portuguese: 'pt',
  mongolian: 'mn', albanian: 'sq', serbian: 'sr', hindi: 'hi',
};

function tagOf(language) {
  return kLanguageTags[String(language || '').trim().toLowerCase()] || null;
}

// The language a record is written in: its own, else its original language.
function languageOf(r) {
  const a = r.archival || {};
  return a.language || a.original_language || '';
}

function cell(side, own, language, p) {
  return h('div', { class: `col col-${side}${own ? ' own' : ''}`, lang: tagOf(language), 'data-side': side },
    p ? h('p', { class: 'para' }, p.text || '') : null);
}

// Grid rows: headings, then each aligned pair of paragraphs (body, then each enclosure).
function parallelGrid(original, translation, ownSide) {
  const oLang = languageOf(original);
  const tLang = languageOf(translation);
  const rows = [
    h('div', { class: `col col-orig col-head${ownSide === 'orig' ? ' own' : ''}`, 'data-side': 'orig' },
      h('h3', null, `${oLang || 'Original'} (original)`),
      h('p', { class: 'muted' }, h('a', { href: `#/record/${enc(original.id)}` }, original.id))),
    h('div', { class: `col col-trans col-head${ownSide === 'trans' ? ' own' : ''}`, 'data-side': 'trans' },
      h('h3', null, `${tLang || 'Translation'} (translation)`),
      h('p', { class: 'muted' }, h('a', { href: `#/record/${enc(translation.id)}` }, translation.id),
        translation.archival && translation.archival.translator
          ? `, translated by ${translation.archival.translator}` : '')),
  ];
  const pairs = (a, b) => {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i += 1) {
      rows.push(cell('orig', ownSide === 'orig', oLang, a[i]), cell('trans', ownSide === 'trans', tLang, b[i]));
    }
  };
  pairs(original.body || [], translation.body || []);
  (original.enclosures || []).forEach((e, k) => {
    const te = (translation.enclosures || [])[k] || {};
    rows.push(h('h4', { class: 'col col-orig', 'data-side': 'orig', lang: tagOf(oLang) }, e.title || 'Enclosure'),
      h('h4', { class: 'col col-trans', 'data-side': 'trans', lang: tagOf(tLang) }, te.title || 'Enclosure'));
    pairs(e.paragraphs || [], te.paragraphs || []);
  });
  return h('div', { class: 'parallel-grid' }, rows);
}

// The switch: side by side (wide screens only), or one language.
function languageSwitch(section, oLang, tLang) {
  const choices = [['both', 'Side by side'], ['orig', oLang || 'Original'], ['trans', tLang || 'Translation']];
  const buttons = choices.map(([value, label]) => h('button', {
    type: 'button', class: `secondary lang-choice lang-${value}`, 'data-show': value,
    'aria-pressed': String(section.dataset.show === value),
    onclick: () => {
      section.dataset.show = value;
      for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.show === value));
    },
  }, label));
  return h('div', { class: 'lang-switch', role: 'group', 'aria-label': 'Language' }, buttons);
}

function parallelSection(original, translation, ownSide, extra) {
  const narrow = typeof window.matchMedia === 'function' && window.matchMedia('(max-width: 600px)').matches;
  const section = h('section', { class: 'parallel-text', 'aria-labelledby': 'sec-parallel' });
  section.dataset.show = narrow ? ownSide : 'both';
  section.append(
    h('h2', { id: 'sec-parallel' }, 'Text: original and translation'),
    extra || '',
    languageSwitch(section, languageOf(original), languageOf(translation)),
    parallelGrid(original, translation, ownSide));
  return section;
}

function notice(text) {
  return h('section', { class: 'translation-note', 'aria-labelledby': 'sec-translation' },
    h('h2', { id: 'sec-translation' }, 'Translation'), h('p', null, text));
}

// The block for record `r` (GET /api/records/{id}): null for a record that is neither a
// translation nor has translations the reader may read.
export async function translationBlock(r) {
  const of = r.translation_of || {};
  const a = r.archival || {};
  if (of.not_held) {
    const by = a.translator ? ` Translated by ${a.translator}.` : '';
    return notice(`${a.language || 'This'} translation.${by} Original (${a.original_language || 'language not given'}) not held by this archive.`);
  }
  if (of.original) {
    // A published translation is read beside the original as published (r.published_original);
    // the working original it names is for those who may read it.
    const shownId = r.published_original || of.original;
    const res = await get(`/api/records/${enc(shownId)}`);
    const lang = a.original_language ? ` (${a.original_language})` : '';
    if (!res.ok) {
      return notice(`Translation of ${of.original}${of.version ? ` (version ${of.version})` : ''}` +
        `${a.original_language ? `, ${a.original_language}` : ''}: the original is not available to you.`);
    }
    const what = r.published_original
      ? ['Translation of ', h('a', { href: `#/record/${enc(shownId)}` }, shownId),
        `, the published version of ${of.original}${of.version ? ` version ${of.version}` : ''}${lang}.`]
      : ['Translation of ', h('a', { href: `#/record/${enc(shownId)}` }, shownId),
        `${of.version ? `, version ${of.version}` : ''}${lang}.`];
    return parallelSection(res.data, r, 'trans', h('p', { class: 'translation-of' }, ...what));
  }
  const list = r.translations || [];
  if (!list.length) return null;
  const holder = h('div', { class: 'parallel-holder' });
  const show = async (id) => {
    const res = await get(`/api/records/${enc(id)}`);
    holder.replaceChildren(res.ok ? parallelSection(r, res.data, 'orig')
      : h('p', { class: 'error', role: 'alert' }, `Translation ${id} could not be loaded.`));
  };
  const links = h('ul', { class: 'translations' }, list.map((t) => h('li', null,
    h('a', { href: `#/record/${enc(t.id)}` }, t.id), ` ${t.language || ''}`,
    t.translator ? `, translated by ${t.translator}` : '', t.date ? `, ${t.date}` : '',
    list.length > 1 ? [' ', h('button', { type: 'button', class: 'link', onclick: () => show(t.id) }, 'compare')] : null)));
  await show(list[0].id);
  return h('section', { class: 'translations-block', 'aria-labelledby': 'sec-translations' },
    h('h2', { id: 'sec-translations' }, 'Translations'), links, holder);
}
