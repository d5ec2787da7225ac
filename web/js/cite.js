// The Cite menu of the record page (docs/citations.md): every style chanceryd renders
// (GET /api/records/{id}/citation?style=S&version=N), a copy button and a download of the
// .ris, .bib or .json file; and the record page of a past version (/records/{id}/v/{n},
// #/record/{id}/v/{n}) with its "version n of m" notice.
import { h, announce } from './dom.js';
import { get, enc } from './api.js';
import { copyText } from './record.js';

export const kStyles = [
  ['wilson', 'Wilson Digital Archive'],
  ['chicago-note', 'Chicago (note)'],
  ['chicago-bibliography', 'Chicago (bibliography)'],
  ['csl-json', 'CSL-JSON'],
  ['ris', 'RIS (EndNote, Zotero, Mendeley)'],
  ['bibtex', 'BibTeX'],
];
const kExtension = { 'csl-json': 'json', ris: 'ris', bibtex: 'bib' };

function citationUrl(id, style, version, download) {
  const q = new URLSearchParams({ style });
  if (version) q.set('version', String(version));
  if (download) q.set('download', '1');
  return `/api/records/${enc(id)}/citation?${q}`;
}

// The record (the current version, or version `version`) as recordView reads it:
// {ok, status, data: the record, error, version: {version, current, hash, permalink} | null}.
export async function fetchRecord(id, version) {
  if (!version) return { ...(await get(`/api/records/${enc(id)}`)), version: null };
  const res = await get(`/api/records/${enc(id)}/versions/${enc(String(version))}`);
  if (!res.ok) return { ...res, version: null };
  const { record, ...info } = res.data;
  return { ok: true, status: res.status, data: record, version: info };
}

// "Version n of m; the current version differs." for a past version, with a link to it.
export function versionNotice(id, info) {
  if (!info || info.version === info.current) return null;
  return h('p', { class: 'version-notice', id: 'version-notice', role: 'note' },
    `Version ${info.version} of ${info.current}; the current version differs. `,
    h('a', { href: `#/record/${enc(id)}` }, 'Read the current version'));
}

// The Cite menu: a style picker, the citation text, Copy and Download.
export function citeMenu(id, version) {
  const select = h('select', { id: 'cite-style', 'aria-label': 'Citation style' },
    ...kStyles.map(([value, label]) => h('option', { value }, label)));
  const text = h('pre', { class: 'citation-text', id: 'cite-text', tabindex: '0' }, '');
  const status = h('span', { class: 'copy-status', id: 'cite-status', role: 'status' });
  const download = h('a', { class: 'button', id: 'cite-download' }, 'Download');
  const copy = h('button', { type: 'button', id: 'cite-copy', onclick: async () => {
    const ok = await copyText(text.textContent);
    const message = ok ? 'Citation copied to the clipboard' : 'Copy failed: select the citation text and copy it';
    status.textContent = message;
    copy.dataset.copied = ok ? text.textContent : '';
    announce(message);
  } }, 'Copy');
  async function show() {
    const style = select.value;
    const res = await get(citationUrl(id, style, version), 'text');
    text.textContent = res.ok ? String(res.data) : `The citation could not be loaded: ${res.error}`;
    const ext = kExtension[style] || 'txt';
    download.href = citationUrl(id, style, version, true);
    download.setAttribute('download', `${id}${version ? `-v${version}` : ''}.${ext}`);
    download.textContent = `Download .${ext}`;
    status.textContent = '';
  }
  select.addEventListener('change', show);
  show();
  return h('details', { class: 'cite-menu', id: 'cite-menu' },
    h('summary', null, 'Cite this record'),
    h('p', { class: 'cite-controls' }, h('label', { for: 'cite-style' }, 'Style '), select),
    text,
    h('p', { class: 'actions' }, copy, ' ', download, ' ', status));
}
