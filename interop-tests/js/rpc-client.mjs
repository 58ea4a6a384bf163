// Drives a Hypha daemon's RPC API with the published kubo-rpc-client and prints what it answered as JSON.
// Usage: node rpc-client.mjs API_MULTIADDR FILE_CID [DIR_CID [PEER_MULTIADDR]]
// With a peer: swarm connect, peers, addrs, ping and disconnect against it; always: stats bw, config, bootstrap.
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
await client.config.set('Experimental.Flag', true)
await client.config.set('Addresses.Announce', ['/ip4/1.2.3.4/tcp/4001'])
out.configStorageMax = await client.config.get('Datastore.StorageMax')
out.configFlag = await client.config.get('Experimental.Flag')
out.configAnnounce = await client.config.get('Addresses.Announce')
const all = await client.config.getAll()
out.configShow = { peerId: all.Identity.PeerID, hasPrivKey: 'PrivKey' in all.Identity }
out.configPrivKey = await errorOf(() => client.config.get('Identity.PrivKey'))
const boot = peerText ?? '/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA'
out.bootstrapAdd = (await client.bootstrap.add(boot)).Peers.map(String)
out.bootstrapList = (await client.bootstrap.list()).Peers.map(String)
out.bootstrapRm = (await client.bootstrap.rm(boot)).Peers.map(String)
out.bootstrapDefault = (await client.bootstrap.add(undefined, { default: true })).Peers.length
out.bootstrapRmAll = (await client.bootstrap.rm(undefined, { all: true })).Peers.length
out.bootstrapAfter = (await client.bootstrap.list()).Peers.length
console.log(JSON.stringify(out))
