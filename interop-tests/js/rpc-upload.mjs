// Uploads to a Hypha daemon's RPC API with the published kubo-rpc-client (add, block put, dag import) and prints
// what it answered as JSON. Usage: node rpc-upload.mjs API_MULTIADDR CAR_FILE
import { create } from 'kubo-rpc-client'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'

const [api, carFile] = process.argv.slice(2)
const client = create(api)

function bytes (n, seed) {
  const b = new Uint8Array(n)
  let x = seed
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff
    b[i] = x >> 16
  }
  return b
}

async function collect (iterable) {
  const hash = createHash('sha256')
  let n = 0
  for await (const chunk of iterable) {
    hash.update(chunk)
    n += chunk.length
  }
  return { bytes: n, sha256: hash.digest('hex') }
}

const out = {}
// one file, with progress reports
const big = bytes(3_000_000, 1)
const progress = []
const one = await client.add({ path: 'big.bin', content: big }, { progress: (n, path) => progress.push([n, path]) })
out.file = { cid: one.cid.toString(), path: one.path, size: one.size }
out.progressLast = progress.length > 0 ? progress[progress.length - 1] : null
out.progressCount = progress.length
out.fileBack = await collect(client.cat(one.cid))
out.fileSha256 = createHash('sha256').update(big).digest('hex')

// a directory tree, several files and an empty directory
const tree = []
for await (const e of client.addAll([
  { path: 'site/index.html', content: new TextEncoder().encode('<h1>hi</h1>\n') },
  { path: 'site/img/a.bin', content: bytes(300_000, 2) },
  { path: 'site/img/b.bin', content: bytes(1000, 3) },
  { path: 'site/empty' }
])) {
  tree.push({ path: e.path, cid: e.cid.toString(), size: e.size })
}
out.tree = tree

// the importer's options
out.v1 = (await client.add(bytes(500_000, 4), { cidVersion: 1, rawLeaves: true, chunker: 'size-65536' })).cid.toString()
out.wrapped = (await client.add({ path: 'w.txt', content: new TextEncoder().encode('wrapped\n') }, { wrapWithDirectory: true })).cid.toString()
out.onlyHash = (await client.add(bytes(1000, 5), { onlyHash: true })).cid.toString()
out.notPinned = (await client.add(bytes(1000, 6), { pin: false })).cid.toString()
out.pins = []
for await (const p of client.pin.ls({ type: 'recursive' })) {
  out.pins.push(p.cid.toString())
}

// blocks and CAR files
out.blockRaw = (await client.block.put(new TextEncoder().encode('a raw block'))).toString()
out.blockBack = new TextDecoder().decode(await client.block.get(out.blockRaw))
out.imported = []
for await (const r of client.dag.import([await readFile(carFile)])) {
  out.imported.push(r.root.cid.toString())
}
try {
  await client.block.put(bytes(2_000_000, 7))
  out.bigBlock = null
} catch (e) {
  out.bigBlock = String(e.message)
}
console.log(JSON.stringify(out))
