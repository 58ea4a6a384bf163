// A real js-libp2p peer that Hypha's interop tests and benchmarks drive over stdin/stdout.
// It prints one JSON line {"event":"ready",...} once listening, then answers one JSON line per
// command line {"id":N,"cmd":...}. Logs go to stderr. Flags: --tls-first (propose /tls/1.0.0 before
// /noise), --listen MULTIADDR (default /ip4/127.0.0.1/tcp/0).
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tls } from '@libp2p/tls'
import { identify, identifyPush } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { createHash } from 'node:crypto'
import { createInterface } from 'node:readline'

const ECHO = '/hypha/echo/1.0.0'
const SINK = '/hypha/sink/1.0.0'
const PERF = '/perf/1.0.0'
const CHUNK = 64 * 1024

const args = process.argv.slice(2)
const tlsFirst = args.includes('--tls-first')
const listenAt = args.includes('--listen') ? args[args.indexOf('--listen') + 1] : '/ip4/127.0.0.1/tcp/0'

const node = await createLibp2p({
  addresses: { listen: [listenAt] },
  transports: [tcp()],
  connectionEncrypters: tlsFirst ? [tls(), noise()] : [noise()],
  streamMuxers: [yamux()],
  services: { identify: identify(), identifyPush: identifyPush(), ping: ping() },
  connectionManager: { inboundConnectionThreshold: 10000, maxConnections: 2000, maxIncomingPendingConnections: 1000 }
})

const log = (...a) => process.stderr.write(a.join(' ') + '\n')
const reply = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
const bytesOf = (chunk) => chunk instanceof Uint8Array ? chunk : chunk.subarray()

async function send (stream, data) {
  if (!stream.send(data)) {
    await new Promise((resolve, reject) => {
      stream.addEventListener('drain', resolve, { once: true })
      stream.addEventListener('close', () => reject(new Error('stream closed while waiting to send')), { once: true })
    })
  }
}

// Echo everything back, then close our side when the remote closes theirs.
await node.handle(ECHO, async (stream) => {
  try {
    for await (const chunk of stream) await send(stream, bytesOf(chunk))
    await stream.close()
  } catch (e) { log('echo:', e.message); stream.abort(e) }
}, { maxInboundStreams: 1024, maxOutboundStreams: 1024 })

// Count and hash everything, then answer "<bytes> <sha256 hex>".
await node.handle(SINK, async (stream) => {
  try {
    const h = createHash('sha256'); let n = 0
    for await (const chunk of stream) { const b = bytesOf(chunk); h.update(b); n += b.length }
    await send(stream, new TextEncoder().encode(`${n} ${h.digest('hex')}`))
    await stream.close()
  } catch (e) { log('sink:', e.message); stream.abort(e) }
})

// libp2p/specs perf/perf.md server: u64 BE bytes to send back, drain the upload, then send.
await node.handle(PERF, async (stream) => {
  try {
    let header = new Uint8Array(0); let want = null
    for await (const chunk of stream) {
      if (want === null) {
        const b = bytesOf(chunk)
        header = concat(header, b)
        if (header.length >= 8) want = new DataView(header.buffer, header.byteOffset).getBigUint64(0)
      }
    }
    await sendZeros(stream, Number(want ?? 0n))
    await stream.close()
  } catch (e) { log('perf:', e.message); stream.abort(e) }
}, { maxInboundStreams: 64 })

function concat (a, b) { const r = new Uint8Array(a.length + b.length); r.set(a); r.set(b, a.length); return r }

const zeros = new Uint8Array(CHUNK)
async function sendZeros (stream, n) {
  while (n > 0) { const k = Math.min(n, CHUNK); await send(stream, k === CHUNK ? zeros : zeros.subarray(0, k)); n -= k }
}

async function readAll (stream) {
  const parts = []; for await (const chunk of stream) parts.push(bytesOf(chunk).slice()); return Buffer.concat(parts)
}

// Perf client: returns seconds from stream open to the end of the download.
async function perf (addr, upload, download) {
  const t0 = process.hrtime.bigint()
  const stream = await node.dialProtocol(multiaddr(addr), PERF)
  const head = new Uint8Array(8); new DataView(head.buffer).setBigUint64(0, BigInt(download))
  await send(stream, head)
  await sendZeros(stream, upload)
  await stream.close()
  let got = 0
  for await (const chunk of stream) got += bytesOf(chunk).length
  if (got !== download) throw new Error(`perf: downloaded ${got} of ${download} bytes`)
  return Number(process.hrtime.bigint() - t0) / 1e9
}

async function echo (addr, streams, size) {
  const one = async (i) => {
    const data = new Uint8Array(size); for (let j = 0; j < size; j++) data[j] = (i * 31 + j * 7) & 0xff
    const stream = await node.dialProtocol(multiaddr(addr), ECHO)
    const reading = readAll(stream)
    for (let off = 0; off < size; off += CHUNK) await send(stream, data.subarray(off, Math.min(size, off + CHUNK)))
    await stream.close()
    const back = await reading
    const a = createHash('sha256').update(data).digest('hex'); const b = createHash('sha256').update(back).digest('hex')
    if (back.length !== size || a !== b) throw new Error(`echo stream ${i}: sent ${size} bytes (${a}), got ${back.length} (${b})`)
  }
  await Promise.all(Array.from({ length: streams }, (_, i) => one(i)))
}

async function sink (addr, bytes) {
  const stream = await node.dialProtocol(multiaddr(addr), SINK)
  const h = createHash('sha256'); const buf = new Uint8Array(CHUNK)
  let sent = 0; let k = 0
  while (sent < bytes) {
    const n = Math.min(CHUNK, bytes - sent)
    for (let j = 0; j < n; j += 4096) buf[j] = (k + j) & 0xff
    k++
    const piece = buf.subarray(0, n); h.update(piece); await send(stream, piece.slice()); sent += n
  }
  await stream.close()
  const answer = new TextDecoder().decode(await readAll(stream))
  return { answer, expected: `${bytes} ${h.digest('hex')}` }
}

async function peerInfo (id) {
  const peer = await node.peerStore.get(peerIdFromString(id))
  const agent = peer.metadata.get('AgentVersion')
  const version = peer.metadata.get('ProtocolVersion')
  return {
    protocols: peer.protocols,
    addrs: peer.addresses.map(a => a.multiaddr.toString()),
    agent: agent ? new TextDecoder().decode(agent) : null,
    protocolVersion: version ? new TextDecoder().decode(version) : null
  }
}

const commands = {
  dial: async (c) => { const conn = await node.dial(multiaddr(c.addr)); return { remotePeer: conn.remotePeer.toString() } },
  ping: async (c) => { const rtts = []; for (let i = 0; i < (c.count ?? 1); i++) rtts.push(await node.services.ping.ping(multiaddr(c.addr))); return { rtts } },
  peerInfo: async (c) => peerInfo(c.peer),
  echo: async (c) => { await echo(c.addr, c.streams ?? 1, c.size ?? 1024); return {} },
  sink: async (c) => sink(c.addr, c.bytes),
  perf: async (c) => ({ seconds: await perf(c.addr, c.upload ?? 0, c.download ?? 0) }),
  hangUp: async (c) => { await node.hangUp(peerIdFromString(c.peer)); return {} },
  connections: async () => ({ peers: node.getConnections().map(x => x.remotePeer.toString()) }),
  exit: async () => { setTimeout(async () => { await node.stop(); process.exit(0) }, 0); return {} }
}

createInterface({ input: process.stdin }).on('line', async (line) => {
  let c
  try { c = JSON.parse(line) } catch { reply({ ok: false, error: 'bad json' }); return }
  const fn = commands[c.cmd]
  if (!fn) { reply({ id: c.id, ok: false, error: `unknown command ${c.cmd}` }); return }
  try { reply({ id: c.id, ok: true, ...(await fn(c)) }) } catch (e) { reply({ id: c.id, ok: false, error: e.message }) }
}).on('close', async () => { await node.stop(); process.exit(0) })

reply({ event: 'ready', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(String) })
