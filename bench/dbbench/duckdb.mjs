// The ten db-benchmark groupby questions in DuckDB (node @duckdb/node-api from tests/interop): loads the CSV into a
// table (as db-benchmark's DuckDB solution does), answers each question into a table, writes each answer as CSV to
// OUT_DIR/qN.csv and prints one JSON line of timings in seconds: {load, q1, ..., q10}.
//   node bench/dbbench/duckdb.mjs DATA.csv OUT_DIR [THREADS]
import { DuckDBInstance } from '@duckdb/node-api';

const [data, out, threads] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', threads ? { threads } : {});
const db = await instance.connect();
const questions = {
  q1: 'SELECT id1, sum(v1) AS v1 FROM x GROUP BY id1',
  q2: 'SELECT id1, id2, sum(v1) AS v1 FROM x GROUP BY id1, id2',
  q3: 'SELECT id3, sum(v1) AS v1, avg(v3) AS v3 FROM x GROUP BY id3',
  q4: 'SELECT id4, avg(v1) AS v1, avg(v2) AS v2, avg(v3) AS v3 FROM x GROUP BY id4',
  q5: 'SELECT id6, sum(v1) AS v1, sum(v2) AS v2, sum(v3) AS v3 FROM x GROUP BY id6',
  q6: 'SELECT id4, id5, median(v3) AS median_v3, stddev(v3) AS sd_v3 FROM x GROUP BY id4, id5',
  q7: 'SELECT id3, max(v1) - min(v2) AS range_v1_v2 FROM x GROUP BY id3',
  q8: 'SELECT id6, v3 FROM (SELECT id6, v3, row_number() OVER (PARTITION BY id6 ORDER BY v3 DESC) AS rn FROM x WHERE v3 IS NOT NULL) WHERE rn <= 2',
  q9: 'SELECT id2, id4, pow(corr(v1, v2), 2) AS r2 FROM x GROUP BY id2, id4',
  q10: 'SELECT id1, id2, id3, id4, id5, id6, sum(v3) AS v3, count(*) AS count FROM x GROUP BY id1, id2, id3, id4, id5, id6',
};
const timings = {};
let t = performance.now();
await db.run(`CREATE TABLE x AS SELECT * FROM read_csv('${data}', header = true)`);
timings.load = (performance.now() - t) / 1000;
for (const [q, sql] of Object.entries(questions)) {
  t = performance.now();
  await db.run(`CREATE TABLE ans AS ${sql}`);
  timings[q] = (performance.now() - t) / 1000;
  await db.run(`COPY ans TO '${out}/${q}.csv' (HEADER, FORMAT csv)`);
  await db.run('DROP TABLE ans');
}
db.closeSync();
process.stdout.write(JSON.stringify(timings) + '\n');
