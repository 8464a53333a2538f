// A fleet of local HTTP targets for the benchmark, in its own process so their CPU is not
// counted as Lookout's. Prints the ports as JSON, then serves until killed.
import http from 'node:http';

const count = Number(process.argv[2] ?? 4);
const servers = await Promise.all(
  Array.from({ length: count }, () => new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok: healthy\n');
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  })),
);
process.stdout.write(`${JSON.stringify(servers.map((server) => server.address().port))}\n`);
