// Digital objects on the record page (docs/archive.md "Digital objects"): the scan of the
// record version beside its text. Images are shown inline, one page at a time with page
// navigation; a PDF in a sandboxed frame (the server also sends it with a CSP sandbox, so a
// hostile PDF cannot script the reading room), always with a link to open or download it.
// Side by side on a wide screen, stacked on a narrow one (app.css ".with-scan").
// The list comes from GET /api/records/{id}/files, which answers for a record the reader may not
// read exactly as for a missing one: then there is nothing to show.
import { h } from './dom.js';
import { get, enc } from './api.js';

const kInline = new Set(['image/png', 'image/jpeg', 'image/webp']);

function sizeText(bytes) {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function kindText(f) {
  if (f.kind === 'redacted-scan') return 'Redacted scan';
  if (f.kind === 'scan') return 'Scan of the original';
  return 'File';
}

// One image page at a time, with previous/next and "page i of n".
function imagePager(pages) {
  let at = 0;
  const img = h('img', { class: 'scan-page', alt: '' });
  const label = h('span', { class: 'scan-page-no', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', class: 'scan-prev', 'aria-label': 'Previous page' }, '‹ Previous');
  const next = h('button', { type: 'button', class: 'scan-next', 'aria-label': 'Next page' }, 'Next ›');
  const show = (i) => {
    at = Math.max(0, Math.min(pages.length - 1, i));
    img.src = pages[at].url;
    img.alt = `${kindText(pages[at])}, page ${at + 1} of ${pages.length} (${pages[at].name})`;
    label.textContent = `Page ${at + 1} of ${pages.length}`;
    prev.disabled = at === 0;
    next.disabled = at === pages.length - 1;
  };
  prev.onclick = () => show(at - 1);
  next.onclick = () => show(at + 1);
  show(0);
  const nav = pages.length > 1 ? h('div', { class: 'scan-nav' }, prev, label, next) : null;
  return h('div', { class: 'scan-images' }, nav, img);
}

function pdfFrame(f) {
  // sandbox="" : no script, no forms, no top navigation, no same-origin access.
  return h('iframe', { class: 'scan-pdf', src: f.url, sandbox: '', title: `${kindText(f)}: ${f.name}`,
    referrerpolicy: 'no-referrer' });
}

function fileList(files) {
  return h('ul', { class: 'scan-files' }, files.map((f) => h('li', null,
    h('a', { href: f.url, download: f.name, rel: 'noopener' }, f.name),
    ` · ${kindText(f)} · ${f.media_type} · ${sizeText(f.size)}`,
    f.replaces ? h('span', { class: 'muted' }, ` · replaces the original's ${f.replaces.split('/').pop()}, signed by ${f.attached_by}`) : null,
    h('span', { class: 'muted sha' }, ` · SHA-256 ${f.sha256.slice(0, 12)}…`))));
}

// The text, with the version's scan beside it when it has files; else the text as it was.
export async function scanBeside(r, version, text) {
  const res = await get(`/api/records/${enc(r.id)}/files${version ? `?version=${version}` : ''}`);
  const files = res.ok && res.data && Array.isArray(res.data.files) ? res.data.files : [];
  if (!files.length) return text;
  const scans = files.filter((f) => f.kind !== 'other');
  const shown = scans.length ? scans : files;
  const images = shown.filter((f) => kInline.has(f.media_type));
  const pdf = shown.find((f) => f.media_type === 'application/pdf');
  const viewer = images.length ? imagePager(images) : pdf ? pdfFrame(pdf) : null;
  const redacted = shown.some((f) => f.kind === 'redacted-scan');
  return h('div', { class: 'with-scan' },
    h('div', { class: 'scan-text' }, text),
    h('section', { class: 'scan', 'aria-labelledby': 'scan-heading' },
      h('h2', { id: 'scan-heading' }, redacted ? 'Redacted scan' : 'Scan'),
      redacted ? h('p', { class: 'muted' }, 'Withheld passages are blacked out in the scan as in the text.') : null,
      viewer, fileList(files)));
}
