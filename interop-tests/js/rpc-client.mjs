// Drives a Hypha daemon's RPC API with the published kubo-rpc-client and prints what it answered as JSON.
// Usage: node rpc-client.mjs API_MULTIADDR CID
import { create } from 'kubo-rpc-client'
import { CID } from 'multiformats/cid'
import { createHash } from 'node:crypto'

const [api, cidText] = process.argv.slice(2)
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
console.log(JSON.stringify(out))
