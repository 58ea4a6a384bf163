// Drives a Hypha daemon's RPC API with the published kubo-rpc-client and prints what it answered as JSON.
// Usage: node rpc-client.mjs API_MULTIADDR FILE_CID [DIR_CID [PEER_MULTIADDR [DAG_CBOR_CID]]]
// With a peer: swarm connect, peers, addrs, ping and disconnect against it; always: stats bw, config, bootstrap.
import { create } from 'kubo-rpc-client'
import { CID } from 'multiformats/cid'
import { createHash } from 'node:crypto'

const [api, cidText, dirText, peerText, docText] = process.argv.slice(2)
const client = create(api)
const cid = CID.parse(cidText)

async function collect (iterable) {
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of iterable) {
    hash.update(chunk)
    bytes += chunk.length
  }
  return { bytes, sha256: hash.digest('hex') }
}

async function errorOf (f) {
  try {
    await f()
    return null
  } catch (e) {
    return String(e.message)
  }
}

// a tar stream read as Go's archive/tar writes it (ustar, PAX 'x' headers): path -> { type, size, sha256, link }
function untar (bytes) {
  const entries = {}
  const field = (h, at, len) => Buffer.from(h.subarray(at, at + len)).toString('utf8').replace(/\0.*$/s, '')
  let pax = {}
  for (let at = 0; at + 512 <= bytes.length;) {
    const h = bytes.subarray(at, at + 512)
    if (h.every(b => b === 0)) break
    const size = parseInt(field(h, 124, 12).trim() || '0', 8)
    const type = String.fromCharCode(h[156])
    const body = bytes.subarray(at + 512, at + 512 + size)
    at += 512 + Math.ceil(size / 512) * 512
    if (type === 'x') {
      for (const rec of Buffer.from(body).toString('utf8').split('\n').filter(r => r)) {
        const kv = rec.slice(rec.indexOf(' ') + 1)
        pax[kv.slice(0, kv.indexOf('='))] = kv.slice(kv.indexOf('=') + 1)
      }
      continue
    }
    const prefix = field(h, 345, 155)
    const name = pax.path ?? (prefix ? prefix + '/' : '') + field(h, 0, 100)
    entries[name] = {
      type,
      size,
      sha256: type === '0' ? createHash('sha256').update(body).digest('hex') : undefined,
      link: type === '2' ? (pax.linkpath ?? field(h, 157, 100)) : undefined
    }
    pax = {}
  }
  return entries
}

async function rpc (command, query) {
  const c = client.getEndpointConfig()
  const res = await fetch(`${c.protocol}//${c.host}:${c.port}${c['api-path']}/${command}?${query}`, { method: 'POST' })
  return { status: res.status, text: await res.text() }
}

const asJson = value => JSON.parse(JSON.stringify(value)) // a CID becomes {"/": "<cid>"}

const out = {}
const id = await client.id()
out.id = { id: id.id.toString(), addresses: id.addresses.map(String), agentVersion: id.agentVersion, protocols: id.protocols }
out.version = await client.version()
out.cat = await collect(client.cat(cid))
out.catRange = await collect(client.cat(cid, { offset: 1000, length: 70000 }))
const stat = await client.block.stat(cid)
out.blockStat = { cid: stat.cid.toString(), size: stat.size }
out.blockGet = (await client.block.get(cid)).length
out.pins = []
for await (const p of client.pin.ls({ type: 'recursive' })) {
  out.pins.push({ cid: p.cid.toString(), type: p.type })
}
const repo = await client.repo.stat()
out.repoStat = { numObjects: Number(repo.numObjects), repoSize: Number(repo.repoSize) }
out.badCid = await errorOf(() => collect(client.cat('notacid')))

// pins, a directory listing, keys, a CAR export, GC
await client.pin.rm(cid)
out.pinsAfterRm = []
for await (const p of client.pin.ls({ type: 'recursive' })) {
  out.pinsAfterRm.push(p.cid.toString())
}
out.pinAdd = (await client.pin.add(cid)).toString()
if (dirText) {
  out.ls = []
  for await (const e of client.ls(CID.parse(dirText))) {
    out.ls.push({ name: e.name, cid: e.cid.toString(), size: e.size, type: e.type })
  }
}
out.keyGen = await client.key.gen('alice', { type: 'ed25519' })
out.keyRename = await client.key.rename('alice', 'bob')
out.keyList = (await client.key.list()).map(k => k.name)
out.keyRm = (await client.key.rm('bob')).name
out.car = await collect(client.dag.export(cid))
if (docText) {
  // DAG operations: the client's dag.get (block get, decoded by its own dag-cbor codec, path resolved by it),
  // the dag/get and dag/stat endpoints, refs and refs local, get (a tar, read back here)
  const doc = CID.parse(docText)
  out.dagGet = asJson((await client.dag.get(doc)).value)
  out.dagGetPath = asJson((await client.dag.get(doc, { path: 'n/1' })).value)
  out.dagGetRpc = await rpc('dag/get', `arg=${doc}/n/1`)
  out.dagGetRpcCbor = (await rpc('dag/get', `arg=${doc}&output-codec=dag-json`)).text
  out.dagStat = JSON.parse((await rpc('dag/stat', `arg=${dirText}&arg=${cidText}&progress=false`)).text)
  out.refs = []
  for await (const r of client.refs(CID.parse(dirText), { recursive: true, unique: true })) {
    out.refs.push(r.err ? 'error: ' + r.err : r.ref)
  }
  out.refsDirect = []
  for await (const r of client.refs(doc)) {
    out.refsDirect.push(r.ref)
  }
  out.refsLocal = 0
  for await (const r of client.refs.local()) {
    if (r.ref) out.refsLocal++
  }
  const chunks = []
  for await (const chunk of client.get(CID.parse(dirText))) {
    chunks.push(chunk)
  }
  out.get = untar(Buffer.concat(chunks))
}
out.gc = []
for await (const r of client.repo.gc()) {
  out.gc.push(r.err ? String(r.err) : r.cid.toString())
}
if (peerText) {
  out.connect = await client.swarm.connect(peerText)
  out.peers = (await client.swarm.peers()).map(p => p.peer.toString())
  out.addrs = (await client.swarm.addrs()).map(p => ({ id: p.id.toString(), addrs: p.addrs.map(String) }))
  out.localAddrs = (await client.swarm.localAddrs()).map(String)
  const peerId = peerText.split('/p2p/')[1]
  out.ping = []
  for await (const r of client.ping(peerId, { count: 2 })) {
    out.ping.push({ success: r.success, time: Number(r.time), text: r.text })
  }
  out.disconnect = await client.swarm.disconnect(peerText)
  out.peersAfterDisconnect = (await client.swarm.peers()).length
}
out.bw = []
for await (const b of client.stats.bw()) {
  out.bw.push({ totalIn: Number(b.totalIn), totalOut: Number(b.totalOut), rateIn: b.rateIn, rateOut: b.rateOut })
}
// the config file: read, set (a string, a boolean, JSON), the whole of it; the bootstrap list
out.configApi = await client.config.get('Addresses.API')
await client.config.set('Datastore.StorageMax', '20GB')
await client.config.set('Experimental.FilestoreEnabled', true)
await client.config.set('Addresses.Announce', ['/ip4/1.2.3.4/tcp/4001'])
out.configStorageMax = await client.config.get('Datastore.StorageMax')
out.configFlag = await client.config.get('Experimental.FilestoreEnabled')
out.configAnnounce = await client.config.get('Addresses.Announce')
const all = await client.config.getAll()
out.configShow = { peerId: all.Identity.PeerID, hasPrivKey: 'PrivKey' in all.Identity }
out.configPrivKey = await errorOf(() => client.config.get('Identity.PrivKey'))
const boot = peerText ?? '/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA'
out.bootstrapAdd = (await client.bootstrap.add(boot)).Peers.map(String)
out.bootstrapList = (await client.bootstrap.list()).Peers.map(String)
out.bootstrapRm = (await client.bootstrap.rm(boot)).Peers.map(String)
// Kubo 0.38 and later bootstrap from "auto" (AutoConf) and refuse --default: its error is the answer then
try {
  out.bootstrapDefault = (await client.bootstrap.add(undefined, { default: true })).Peers.length
} catch (e) {
  out.bootstrapDefault = String(e.message)
}
out.bootstrapRmAll = (await client.bootstrap.rm(undefined, { all: true })).Peers.length
try {
  out.bootstrapAfter = (await client.bootstrap.list()).Peers.length
} catch (e) {
  out.bootstrapAfter = String(e.message) // Kubo answers {"Peers":null} for an empty list, which the client cannot read
}
console.log(JSON.stringify(out))
