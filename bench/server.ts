// The bench's local servers, in their own process so the client under test and the server each have a core:
// a TLS server with the RSA chain, one with the ECDSA chain (both answer every *.bench.test name, so one
// server stands in for thousands of hosts through SNI) and a hung server that accepts TCP and never speaks.
import net from 'node:net';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import type { BenchPki } from './pki';

export interface ServerPorts {
  pid: number;
  rsa: number;
  ec: number;
  hung: number;
}

function listen(server: net.Server): Promise<number> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // A deep backlog: a few hundred probes connect at once in the high-concurrency runs.
    server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () =>
      resolve((server.address() as net.AddressInfo).port),
    );
  });
}

function tlsServer(chainFile: string, keyFile: string, distinctFile: string): tls.Server {
  const key = readFileSync(keyFile);
  // `d<i>.bench.test` gets distinct leaf i (contexts made up front, so making them costs no measured handshake);
  // every other name the shared leaf.
  const distinct = (JSON.parse(readFileSync(distinctFile, 'utf8')) as string[]).map((cert) =>
    tls.createSecureContext({ cert, key }),
  );
  const server = tls.createServer({
    cert: readFileSync(chainFile),
    key,
    SNICallback: (name, cb) => {
      const m = /^d(\d+)\./.exec(name);
      cb(null, m ? distinct[Number(m[1])] : undefined);
    },
  });
  server.on('tlsClientError', () => undefined);
  // The handshake is all a certificate check needs; close politely right after it.
  server.on('secureConnection', (s) => {
    s.on('error', () => undefined);
    s.end();
  });
  return server;
}

export async function runServer(pki: BenchPki): Promise<void> {
  const rsa = await listen(tlsServer(pki.rsa.chainFile, pki.rsa.keyFile, pki.rsa.distinctFile));
  const ec = await listen(tlsServer(pki.ec.chainFile, pki.ec.keyFile, pki.ec.distinctFile));
  const hung = await listen(net.createServer({ pauseOnConnect: true }, () => undefined));
  const ports: ServerPorts = { pid: process.pid, rsa, ec, hung };
  process.stdout.write(JSON.stringify(ports) + '\n');
  // The bench closes our stdin when it is done (or dies): then we go too.
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}
