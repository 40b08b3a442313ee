// Runs SQL statements in an in-memory DuckDB and prints the rows of the last one as JSON
// (DuckDB's JSON conversion: big integers and decimals as strings, dates and timestamps as ISO text).
// The Parquet interop tests (tests/Sluice.Data.Tests/Parquet) use it as an independent reader and writer.
//
//   npm install --prefix tests/interop --no-audit --no-fund   (the lock file pins the version; the registry
//   mirror here lacks the other platforms' optional bindings, so a strict `npm ci` refuses the lock)
//   node tests/interop/duckdb.mjs "COPY (SELECT 1 AS x) TO 'f.parquet' (FORMAT parquet)" "SELECT * FROM 'f.parquet'"
import { DuckDBInstance } from '@duckdb/node-api';

const statements = process.argv.slice(2);
if (statements.length === 0) {
  console.error('usage: node duckdb.mjs SQL [SQL ...]');
  process.exit(2);
}

const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
try {
  let rows = [];
  for (const sql of statements) {
    const reader = await connection.runAndReadAll(sql);
    rows = reader.getRowObjectsJson();
  }
  process.stdout.write(JSON.stringify(rows));
} catch (error) {
  console.error(String(error?.message ?? error));
  process.exitCode = 1;
} finally {
  connection.closeSync();
}
