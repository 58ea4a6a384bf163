// A swarm of real js-libp2p Kademlia DHT servers in one process, which Hypha's DHT interop tests and
// benchmark drive over stdin/stdout. Flags: --nodes N (default 20), --degree D (default 3: each node dials D
// random earlier nodes before all of them look themselves up once).
// It prints one JSON line {"event":"ready","nodes":[{peerId,addrs}]} once the swarm is formed, then answers
// one JSON line per command line {"id":N,"cmd":...,"node":I,...}; node I is an index into that list (clients
// made with newClient are appended to it). Logs go to stderr.
//
// Every node: tcp, noise, yamux, identify, ping, and kad-dht as a server on /ipfs/kad/1.0.0 with the IPNS
// validator and selector of the ipns package. Addresses pass through unfiltered (passthroughMapper): the
// default mapper drops the private and loopback addresses this swarm lives on. Lookups do not wait for a first
// routing table peer or self query (allowQueryWithZeroPeers): the swarm is formed before "ready", and a fresh
// client answers newClient only once its one peer is in its table.
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import { createIPNSRecord, marshalIPNSRecord, unmarshalIPNSRecord, multihashToIPNSRoutingKey } from 'ipns'
import { ipnsValidator } from 'ipns/validator'
import { ipnsSelector } from 'ipns/selector'
import { createInterface } from 'node:readline'

const KAD = '/ipfs/kad/1.0.0'
// How many self lookups run at once while the swarm forms (a few: they share one event loop).
const FORMING_CONCURRENCY = 8
// How long one lookup of a command may run before it is abandoned.
const QUERY_TIMEOUT_MS = 60_000
// A client's own periodic self query is put off this long (past any test), so that it learns peers only from
// the lookups it is told to run.
const CLIENT_SELF_QUERY_DELAY_MS = 3_600_000

const args = process.argv.slice(2)
const flag = (name, dflt) => args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt
const count = flag('--nodes', 20)
const degree = flag('--degree', 3)

const log = (...a) => process.stderr.write(a.join(' ') + '\n')
const reply = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
const hex = (bytes) => Buffer.from(bytes).toString('hex')
const fromHex = (s) => new Uint8Array(Buffer.from(s, 'hex'))

/** One node: its libp2p instance and the private key it signs IPNS records with. */
async function newNode (clientMode) {
  const privateKey = await generateKeyPair('Ed25519')
  const libp2p = await createLibp2p({
    privateKey,
    addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: {
      identify: identify(),
      ping: ping(),
      dht: kadDHT({
        protocol: KAD,
        clientMode,
        allowQueryWithZeroPeers: true,
        ...(clientMode ? { initialQuerySelfInterval: CLIENT_SELF_QUERY_DELAY_MS, querySelfInterval: CLIENT_SELF_QUERY_DELAY_MS } : {}),
        peerInfoMapper: passthroughMapper,
        validators: { ipns: ipnsValidator },
        selectors: { ipns: ipnsSelector }
      })
    },
    // every peer here dials from 127.0.0.1: lift the per-address inbound rate limit
    connectionManager: { inboundConnectionThreshold: 10000, maxConnections: 2000, maxIncomingPendingConnections: 1000 }
  })
  return { libp2p, privateKey, dht: libp2p.services.dht }
}

const started = Date.now()
const nodes = []
for (let i = 0; i < count; i++) nodes.push(await newNode(false))
log(`dht-swarm: ${count} nodes up in ${Date.now() - started} ms`)

// Form the swarm: each node dials a few random earlier ones, then every node looks itself up, which fills the
// routing tables the way a real bootstrap does.
for (let i = 1; i < count; i++) {
  const targets = new Set()
  while (targets.size < Math.min(degree, i)) targets.add(Math.floor(Math.random() * i))
  await Promise.all([...targets].map(t => nodes[i].libp2p.dial(nodes[t].libp2p.getMultiaddrs()[0])))
}
await runLimited(nodes.map(n => () => drain(n.dht.getClosestPeers(n.libp2p.peerId.toMultihash().bytes, opts()))),
  FORMING_CONCURRENCY)
log(`dht-swarm: swarm formed after ${Date.now() - started} ms`)

async function runLimited (jobs, limit) {
  let next = 0
  const worker = async () => { while (next < jobs.length) { const j = jobs[next++]; try { await j() } catch (e) { log('forming:', e.message) } } }
  await Promise.all(Array.from({ length: limit }, worker))
}

function opts () { return { signal: AbortSignal.timeout(QUERY_TIMEOUT_MS) } }

async function drain (events) { for await (const e of events) void e }

function nodeAt (c) {
  const n = nodes[c.node ?? 0]
  if (n == null) throw new Error(`no node ${c.node}`)
  return n
}

/**
 * Runs one lookup, counting what it sent: SEND_QUERY events (one per request written to a peer), the peers that
 * answered (with the message type they answered), and failures. `onEvent` sees every event and may return true to
 * stop early.
 */
async function traced (events, onEvent) {
  const t0 = process.hrtime.bigint()
  let rpcs = 0; let errors = 0; const responders = []
  for await (const e of events) {
    if (e.name === 'SEND_QUERY') rpcs++
    else if (e.name === 'QUERY_ERROR') errors++
    else if (e.name === 'PEER_RESPONSE') responders.push({ peer: e.from.toString(), type: e.messageName })
    if (onEvent?.(e) === true) break
  }
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, rpcs, errors, responders }
}

const tablePeers = (dht) => [...dht.routingTable.kb.toIterable()].map(p => p.peerId.toString())

/** Resolves when `peer` is in the routing table, watching its peer:add events; rejects after timeoutMs. */
async function inRoutingTable (dht, peer, timeoutMs = 30_000) {
  if (tablePeers(dht).includes(peer)) return
  await new Promise((resolve, reject) => {
    const onAdd = () => { if (tablePeers(dht).includes(peer)) { done(); resolve() } }
    const timer = setTimeout(() => {
      done()
      diagnose(dht, peer).then(d => reject(new Error(`${peer} never entered the routing table: ${d}`)), reject)
    }, timeoutMs)
    const done = () => { clearTimeout(timer); dht.routingTable.removeEventListener('peer:add', onAdd) }
    dht.routingTable.addEventListener('peer:add', onAdd)
  })
}

/** What this node knows of `peer`, for a failure message. */
async function diagnose (dht, peer) {
  const n = nodes.find(x => x.dht === dht)
  const id = peerIdFromString(peer)
  const connections = n.libp2p.getConnections(id).map(c => `${c.direction} ${c.status} ${c.remoteAddr}`)
  let stored = null
  try {
    const p = await n.libp2p.peerStore.get(id)
    stored = { protocols: p.protocols, addrs: p.addresses.map(a => a.multiaddr.toString()) }
  } catch (e) { stored = e.message }
  return JSON.stringify({ tableSize: tablePeers(dht).length, connections, peerStore: stored })
}

const peerInfo = (p) => ({ peerId: p.id.toString(), addrs: p.multiaddrs.map(String) })

function routingKeyOf (name) {
  return multihashToIPNSRoutingKey(peerIdFromString(name).toMultihash())
}

const commands = {
  connect: async (c) => { const conn = await nodeAt(c).libp2p.dial(multiaddr(c.addr)); return { remotePeer: conn.remotePeer.toString() } },

  // A fresh DHT client (clientMode: true) that knows one address only; appended to the node list. Answers once
  // the peer it dialled is in its routing table, so its first lookup has somewhere to start, with the table then.
  newClient: async (c) => {
    const n = await newNode(true)
    nodes.push(n)
    const conn = await n.libp2p.dial(multiaddr(c.addr))
    await inRoutingTable(n.dht, conn.remotePeer.toString(), c.timeoutMs)
    return { node: nodes.length - 1, peerId: n.libp2p.peerId.toString(), addrs: n.libp2p.getMultiaddrs().map(String), table: tablePeers(n.dht) }
  },

  // Answers once `peer` is in the node's routing table (at once if it already is), or fails after timeoutMs.
  awaitRoutingTablePeer: async (c) => { await inRoutingTable(nodeAt(c).dht, c.peer, c.timeoutMs); return {} },

  // Answers with the first of `nodes` (numbers) whose routing table holds `peer`; fails if none within timeoutMs.
  awaitAnyRoutingTablePeer: async (c) => {
    const waits = c.nodes.map(i => inRoutingTable(nodeAt({ node: i }).dht, c.peer, c.timeoutMs).then(() => i))
    try {
      return { node: await Promise.any(waits) }
    } catch (e) {
      throw new Error(e.errors?.map(x => x.message).join('; ') ?? e.message)
    }
  },

  routingTable: async (c) => ({ peers: tablePeers(nodeAt(c).dht) }),

  // Always over the network (useCache: false), so a peer this node already knows is still looked up.
  findPeer: async (c) => {
    let found = null
    const trace = await traced(nodeAt(c).dht.findPeer(peerIdFromString(c.peer), { ...opts(), useCache: false }), e => {
      if (e.name === 'FINAL_PEER') { found = { ...peerInfo(e.peer), from: e.from.toString() }; return true }
      return false
    })
    return { found, ...trace }
  },

  findProviders: async (c) => {
    const want = c.count ?? 20; const providers = new Map()
    const trace = await traced(nodeAt(c).dht.findProviders(CID.parse(c.cid), opts()), e => {
      if (e.name === 'PROVIDER') for (const p of e.providers) providers.set(p.id.toString(), peerInfo(p))
      return providers.size >= want
    })
    return { providers: [...providers.values()], ...trace }
  },

  provide: async (c) => {
    let stored = 0
    const trace = await traced(nodeAt(c).dht.provide(CID.parse(c.cid), opts()), e => {
      if (e.name === 'PEER_RESPONSE' && e.messageName === 'ADD_PROVIDER') stored++
      return false
    })
    return { stored, ...trace }
  },

  // The k closest servers to the key (hex bytes), with the lookup's time and request count.
  getClosestPeers: async (c) => {
    const peers = []
    const trace = await traced(nodeAt(c).dht.getClosestPeers(fromHex(c.key), opts()), e => {
      if (e.name === 'FINAL_PEER') peers.push(e.peer.id.toString())
      return false
    })
    return { peers, ...trace }
  },

  // Signs an IPNS record for `value` with the node's key (the ipns package) and PUT_VALUEs it under /ipns/<id>.
  publishIpns: async (c) => {
    const n = nodeAt(c)
    const record = await createIPNSRecord(n.privateKey, c.value, BigInt(c.sequence ?? 0), c.lifetimeMs ?? 3_600_000)
    const key = multihashToIPNSRoutingKey(n.libp2p.peerId.toMultihash())
    let stored = 0
    const trace = await traced(n.dht.put(key, marshalIPNSRecord(record), opts()), e => {
      if (e.name === 'PEER_RESPONSE' && e.messageName === 'PUT_VALUE') stored++
      return false
    })
    return { name: n.libp2p.peerId.toString(), key: hex(key), stored, ...trace }
  },

  // GET_VALUE for /ipns/<name>; the last VALUE event is the best record. It is checked again here with the
  // ipns package's validator, which verifies the signature against the name's key.
  resolveIpns: async (c) => {
    const key = routingKeyOf(c.name)
    let best = null
    const trace = await traced(nodeAt(c).dht.get(key, opts()), e => { if (e.name === 'VALUE') best = { value: e.value, from: e.from.toString() } })
    if (best == null) throw new Error(`no IPNS record found for ${c.name}`)
    await ipnsValidator(key, best.value)
    const record = unmarshalIPNSRecord(best.value)
    return { value: record.value, sequence: String(record.sequence), validity: record.validity, from: best.from, ...trace }
  },

  exit: async () => { setTimeout(() => shutdown(), 0); return {} }
}

async function shutdown () {
  await Promise.allSettled(nodes.map(n => n.libp2p.stop()))
  process.exit(0)
}

createInterface({ input: process.stdin }).on('line', async (line) => {
  let c
  try { c = JSON.parse(line) } catch { reply({ ok: false, error: 'bad json' }); return }
  const fn = commands[c.cmd]
  if (!fn) { reply({ id: c.id, ok: false, error: `unknown command ${c.cmd}` }); return }
  try { reply({ id: c.id, ok: true, ...(await fn(c)) }) } catch (e) { reply({ id: c.id, ok: false, error: `${e.name}: ${e.message}` }) }
}).on('close', () => shutdown())

reply({ event: 'ready', nodes: nodes.map(n => ({ peerId: n.libp2p.peerId.toString(), addrs: n.libp2p.getMultiaddrs().map(String) })) })
