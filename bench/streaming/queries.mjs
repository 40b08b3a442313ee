// The four Nexmark queries of examples/nexmark computed in batch by DuckDB over the same NDJSON file: the peer of
// bench/streaming/run.sh. Writes the CSV the Sluice pipeline writes (same header, epoch-millisecond times, rows sorted by
// every column) and prints {"query", "rows", "ms"} where ms covers reading the file and answering.
//   node queries.mjs q5|q7|q8|q11 EVENTS.ndjson OUT.csv [THREADS]
import { DuckDBInstance } from '@duckdb/node-api';

const [query, events, out, threads] = process.argv.slice(2);
const source = `read_json('${events.replaceAll("'", "''")}', format = 'newline_delimited', columns = {
  type: 'VARCHAR', id: 'BIGINT', name: 'VARCHAR', seller: 'BIGINT', auction: 'BIGINT', bidder: 'BIGINT', price: 'BIGINT', dateTime: 'VARCHAR'})`;
const t = `epoch_ms(CAST(dateTime AS TIMESTAMP))`;
const sql = {
  // Sliding 10 s windows every 2 s: per window, the auctions with the most bids (ties kept).
  q5: `WITH b AS (SELECT auction, ${t} AS t FROM ${source} WHERE type = 'bid'),
       w AS (SELECT auction, (t // 2000) * 2000 - k * 2000 AS ws FROM b, range(0, 5) AS r(k)),
       c AS (SELECT ws, auction, count(*) AS num FROM w GROUP BY ws, auction),
       m AS (SELECT ws, max(num) AS mx FROM c GROUP BY ws)
       SELECT c.ws AS window_start, c.ws + 10000 AS window_end, c.auction, c.num FROM c JOIN m ON c.ws = m.ws AND c.num = m.mx ORDER BY ALL`,
  // Tumbling 10 s windows: every bid whose price is its window's maximum.
  q7: `WITH b AS (SELECT auction, bidder, price, (${t} // 10000) * 10000 AS ws FROM ${source} WHERE type = 'bid'),
       x AS (SELECT *, max(price) OVER (PARTITION BY ws) AS mx FROM b)
       SELECT ws AS window_start, ws + 10000 AS window_end, auction, bidder, price FROM x WHERE price = mx ORDER BY ALL`,
  // Persons who registered and created an auction as seller in the same tumbling 10 s window.
  q8: `WITH e AS (SELECT type, id, name, seller, (${t} // 10000) * 10000 AS ws FROM ${source} WHERE type IN ('person', 'auction'))
       SELECT DISTINCT p.ws AS window_start, p.id, p.name FROM e AS p JOIN e AS a ON a.type = 'auction' AND p.id = a.seller AND p.ws = a.ws
       WHERE p.type = 'person' ORDER BY ALL`,
  // Session windows per bidder with a 10 s gap (windows that touch merge, as in Flink).
  q11: `WITH b AS (SELECT bidder, ${t} AS t FROM ${source} WHERE type = 'bid'),
        o AS (SELECT bidder, t, CASE WHEN t - lag(t) OVER (PARTITION BY bidder ORDER BY t) <= 10000 THEN 0 ELSE 1 END AS starts FROM b),
        s AS (SELECT bidder, t, sum(starts) OVER (PARTITION BY bidder ORDER BY t ROWS UNBOUNDED PRECEDING) AS session FROM o)
        SELECT bidder, count(*) AS bid_count, min(t) AS session_start, max(t) + 10000 AS session_end FROM s GROUP BY bidder, session ORDER BY ALL`,
}[query];
if (!sql || !events || !out) {
  console.error('usage: node queries.mjs q5|q7|q8|q11 EVENTS.ndjson OUT.csv [THREADS]');
  process.exit(2);
}
const started = performance.now();
const instance = await DuckDBInstance.create(':memory:', threads ? { threads } : {});
const connection = await instance.connect();
try {
  await connection.run(`COPY (${sql}) TO '${out.replaceAll("'", "''")}' (FORMAT csv, HEADER true)`);
  const ms = Math.round(performance.now() - started);
  const rows = (await connection.runAndReadAll(`SELECT count(*) AS n FROM read_csv('${out.replaceAll("'", "''")}')`)).getRowObjectsJson()[0].n;
  process.stdout.write(JSON.stringify({ query, rows: Number(rows), ms }) + '\n');
} finally {
  connection.closeSync();
}
