// The units of a text (docs/format/proof.md §2), as the archive's SplitUnits cuts them: a maximal
// run of word characters (ASCII letters and digits, and every non-ASCII code point that is not a
// CJK ideograph), one CJK ideograph, or a maximal run of everything else (a gap unit). Spans
// count words from 0 over the word units ("/body/3/text#w5-7"); the proof's leaves are units.

const kGap = 0;
const kWord = 1;
const kIdeograph = 2;

function classOf(cp) {
  if (cp < 0x80) {
    const alnum = (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
    return alnum ? kWord : kGap;
  }
  if ((cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x20000 && cp <= 0x2ffff)) {
    return kIdeograph;
  }
  return kWord;
}

// [{text, word, start, end}] with start/end offsets into `text` (UTF-16 code units).
export function splitUnits(text) {
  const units = [];
  let start = 0;
  let current = kGap;
  let at = 0;
  while (at < text.length) {
    const cp = text.codePointAt(at);
    const cls = classOf(cp);
    if (at > start && (cls !== current || cls === kIdeograph)) {
      units.push({ text: text.slice(start, at), word: current !== kGap, start, end: at });
      start = at;
    }
    current = cls;
    at += cp > 0xffff ? 2 : 1;
  }
  if (at > start) units.push({ text: text.slice(start, at), word: current !== kGap, start, end: at });
  return units;
}

// The word units of `text`, numbered from 0: [{index, start, end, text}].
export function words(text) {
  return splitUnits(text).filter((u) => u.word).map((u, index) => ({ index, start: u.start, end: u.end, text: u.text }));
}

// The words [first, last] that the character range [start, end) touches, or null when it
// touches none (a selection of spaces or punctuation only).
export function wordRange(text, start, end) {
  const touched = words(text).filter((w) => w.start < end && start < w.end);
  if (!touched.length) return null;
  return { first: touched[0].index, last: touched[touched.length - 1].index };
}
