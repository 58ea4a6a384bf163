// Drives a Hypha daemon's RPC API with the published kubo-rpc-client and prints what it answered as JSON.
// Usage: node rpc-client.mjs API_MULTIADDR FILE_CID [DIR_CID [PEER_MULTIADDR]]
import { create } from 'kubo-rpc-client'
import { CID } from 'multiformats/cid'
import { createHash } from 'node:crypto'

const [api, cidText, dirText, peerText] = process.argv.slice(2)
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
out.gc = []
for await (const r of client.repo.gc()) {
  out.gc.push(r.err ? String(r.err) : r.cid.toString())
}
if (peerText) {
  out.connect = await client.swarm.connect(peerText)
  out.peers = (await client.swarm.peers()).map(p => p.peer.toString())
}
console.log(JSON.stringify(out))
