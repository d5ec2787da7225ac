// The npm oai-pmh harvester (2.0.3) over chanceryd's /oai, for tests/oai/harvest_check.py.
// Usage: node harvest.mjs --root REPO --url BASE [--verb ListIdentifiers|ListRecords]
//        [--prefix oai_dc] [--from DATE] [--mutate SCRIPT]
// Prints one JSON object: {responseDate, items: [{id, deleted}]} where responseDate is the
// first page's. With --mutate, SCRIPT runs (sh) once the first page has been read, while the
// harvest goes on.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from "node:path";
import { parseArgs, promisify } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    root: { type: 'string' }, url: { type: 'string' }, verb: { type: 'string', default: 'ListIdentifiers' },
    prefix: { type: 'string', default: 'oai_dc' }, from: { type: 'string' }, mutate: { type: 'string' },
  },
});
const require = createRequire(resolve(opts.root, "package.json"));
const { OaiPmh } = require('oai-pmh');

const oai = new OaiPmh(opts.url, { retry: false });
let responseDate = null;
let pages = 0;
const request = oai.request.bind(oai);
oai.request = async (o) => {
  const res = await request(o);
  if (pages === 0) responseDate = /<responseDate>([^<]*)</.exec(res.body)?.[1] ?? null;
  pages += 1;
  return res;
};
const args = { metadataPrefix: opts.prefix };
if (opts.from) args.from = opts.from;
const list = opts.verb === 'ListRecords' ? oai.listRecords(args) : oai.listIdentifiers(args);
const items = [];
let mutated = false;
for await (const item of list) {
  const header = opts.verb === 'ListRecords' ? item.header : item;
  const deleted = header.$?.status === 'deleted';
  items.push({ id: header.identifier, deleted, hasMetadata: opts.verb === 'ListRecords' ? !!item.metadata : undefined });
  if (opts.mutate && !mutated && pages === 1 && items.length >= 1) {
    // Run the changes after the first page is in hand and before the second is asked for:
    // the library asks for the next page only after this page's items have been consumed.
    // Asynchronously: a synchronous run would stop the event loop, so a kept-alive connection
    // the server closed meanwhile (idle_timeout) would be reused unnoticed ("socket hang up").
    mutated = true;
    const run = await promisify(execFile)('sh', [opts.mutate]);
    if (run.stderr) process.stderr.write(run.stderr);
  }
}
process.stdout.write(JSON.stringify({ responseDate, pages, items }) + '\n');
