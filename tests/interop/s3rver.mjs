// A local S3-compatible server (s3rver) for the object-storage tests: listens on 127.0.0.1 on a free port, creates the
// buckets named on the command line, prints {"port": N} on one line of stdout and runs until stdin closes or it is killed.
// The tests start it through tests/Sluice.S3.Tests/S3Server.cs.
//
//   npm install --prefix tests/interop --no-audit --no-fund
//   node tests/interop/s3rver.mjs DATA_DIR bucket [bucket ...]
import S3rver from 's3rver';

const [directory, ...buckets] = process.argv.slice(2);
if (!directory) {
  console.error('usage: node s3rver.mjs DATA_DIR [bucket ...]');
  process.exit(2);
}

const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  directory,
  silent: true,
  configureBuckets: buckets.map((name) => ({ name })),
});
const { port } = await server.run();
process.stdout.write(JSON.stringify({ port }) + '\n');
// The test process owns this one: when it goes away (stdin closes), so does the server.
process.stdin.resume();
process.stdin.on('end', async () => {
  await server.close();
  process.exit(0);
});
