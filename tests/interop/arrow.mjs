// Arrow IPC (Feather v2) files through an independent implementation, Apache Arrow JS, for the tests of
// Sluice.Data.Tests/Arrow. DuckDB 1.5 reads and writes Arrow IPC files only through its `arrow` extension, which is
// downloaded at run time and so is not available here; DuckDB stays the oracle for the values:
//
//   node arrow.mjs write FILE SQL   runs SQL in DuckDB and writes its rows as an Arrow IPC file (strings dictionary-encoded)
//   node arrow.mjs read FILE OUT    reads an Arrow IPC file and writes its rows as JSON Lines for DuckDB's read_json
import { readFileSync, writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  tableFromIPC, tableToIPC, Table, vectorFromArray, Dictionary, Utf8, Int32, Int64, Float64, Bool, DateDay, TimestampMicrosecond,
} from 'apache-arrow';

const [command, file, arg] = process.argv.slice(2);

function arrowType(duckType) {
  switch (duckType) {
    case 'BIGINT': return new Int64();
    case 'INTEGER': return new Int32();
    case 'DOUBLE': return new Float64();
    case 'BOOLEAN': return new Bool();
    case 'VARCHAR': return new Dictionary(new Utf8(), new Int32());
    case 'DATE': return new DateDay();
    case 'TIMESTAMP': return new TimestampMicrosecond();
    default: throw new Error(`no Arrow type for DuckDB type ${duckType}`);
  }
}

function arrowValue(duckType, v) {
  if (v === null) return null;
  switch (duckType) {
    case 'BIGINT': return BigInt(v);
    case 'DATE': return new Date(`${v}T00:00:00Z`);
    case 'TIMESTAMP': return new Date(`${v.replace(' ', 'T')}Z`);
    default: return v;
  }
}

function jsonValue(type, v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  const name = String(type);
  if (name.startsWith('Date')) return new Date(Number(v)).toISOString().slice(0, 10);
  if (name.startsWith('Timestamp')) return new Date(Number(v)).toISOString().replace('T', ' ').replace('Z', '');
  return v;
}

try {
  if (command === 'write') {
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll(arg);
    const names = reader.columnNames();
    const types = reader.columnTypes().map((t) => t.toString());
    const rows = reader.getRowObjectsJson();
    const columns = {};
    names.forEach((name, i) => {
      columns[name] = vectorFromArray(rows.map((r) => arrowValue(types[i], r[name])), arrowType(types[i]));
    });
    writeFileSync(file, tableToIPC(new Table(columns), 'file'));
    connection.closeSync();
  } else if (command === 'read') {
    const table = tableFromIPC(readFileSync(file));
    const fields = table.schema.fields;
    const lines = [];
    for (let r = 0; r < table.numRows; r++) {
      const row = {};
      fields.forEach((f, i) => { row[f.name] = jsonValue(f.type, table.getChildAt(i).get(r)); });
      lines.push(JSON.stringify(row));
    }
    writeFileSync(arg, lines.join('\n') + '\n');
    process.stdout.write(JSON.stringify(fields.map((f) => `${f.name}:${f.type}`)));
  } else {
    console.error('usage: node arrow.mjs write FILE SQL | read FILE OUT.jsonl');
    process.exitCode = 2;
  }
} catch (error) {
  console.error(String(error?.stack ?? error));
  process.exitCode = 1;
}
