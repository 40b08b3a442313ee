// Compares an answer too large for report.py to read back (q10: 10 million groups) with DuckDB's, inside DuckDB:
// streams Sluice's Arrow IPC output batch by batch (Apache Arrow JS) into a CSV file, loads both CSVs and full-joins
// them on the key columns. Prints one JSON line: {ours, theirs, differ} (row counts and the rows that do not agree:
// integers and strings exactly, doubles to 1e-9 relative). A CSV answer is loaded as it is.
//   node bench/dbbench/compare.mjs OURS.arrow THEIRS.csv KEY_COUNT SCRATCH.csv
import { openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { RecordBatchReader } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';

const [ours, theirs, keyCount, scratch] = process.argv.slice(2);

function csvValue(v) {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'bigint' ? v.toString() : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function toCsv(file, target) {
  const out = openSync(target, 'w');
  let names = null;
  for (const batch of RecordBatchReader.from(readFileSync(file))) {
    if (names === null) {
      names = batch.schema.fields.map((f) => f.name);
      writeSync(out, names.join(',') + '\n');
    }
    const columns = names.map((_, i) => batch.getChildAt(i));
    // An answer may be one batch of 10M rows: write it in slices, as one string would pass V8's limit.
    for (let start = 0; start < batch.numRows; start += 100000) {
      const lines = [];
      for (let r = start; r < Math.min(start + 100000, batch.numRows); r++) {
        lines.push(columns.map((c) => csvValue(c.get(r))).join(','));
      }
      writeSync(out, lines.join('\n') + '\n');
    }
  }
  closeSync(out);
  return target;
}

const oursCsv = ours.endsWith('.csv') ? ours : toCsv(ours, scratch);

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
await db.run(`CREATE TABLE a AS SELECT *, true AS present_ FROM read_csv('${oursCsv}', header = true)`);
await db.run(`CREATE TABLE b AS SELECT *, true AS present_ FROM read_csv('${theirs}', header = true)`);
const cols = (await db.runAndReadAll(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'b' ORDER BY ordinal_position`)).getRows();
const keys = cols.slice(0, Number(keyCount)).map(([n]) => n);
const q = (n) => `"${n.replaceAll('"', '""')}"`;
const differs = cols.slice(Number(keyCount)).filter(([n]) => n !== 'present_').map(([n, t]) => t === 'DOUBLE'
  ? `NOT (a.${q(n)} = b.${q(n)} OR abs(a.${q(n)} - b.${q(n)}) <= 1e-9 * greatest(abs(a.${q(n)}), abs(b.${q(n)})) OR (a.${q(n)} IS NULL AND b.${q(n)} IS NULL))`
  : `a.${q(n)} IS DISTINCT FROM b.${q(n)}`);
const on = keys.map((k) => `a.${q(k)} IS NOT DISTINCT FROM b.${q(k)}`).join(' AND ');
const [[oursRows]] = (await db.runAndReadAll('SELECT count(*) FROM a')).getRows();
const [[theirRows]] = (await db.runAndReadAll('SELECT count(*) FROM b')).getRows();
const [[differ]] = (await db.runAndReadAll(
  `SELECT count(*) FROM a FULL JOIN b ON ${on} WHERE a.present_ IS NULL OR b.present_ IS NULL OR ${differs.map((d) => `coalesce(${d}, true)`).join(' OR ')}`)).getRows();
db.closeSync();
process.stdout.write(JSON.stringify({ ours: Number(oursRows), theirs: Number(theirRows), differ: Number(differ) }) + '\n');
