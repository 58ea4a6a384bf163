// Prints the UnixFS root CID ipfs-unixfs-importer computes for each path, without storing anything.
// Usage: node unixfs-cid.mjs --profile unixfs-v0-2015|unixfs-v1-2025 [--trickle] [--shard-threshold N] PATH...
// One output line per path: "<cid> <path>". A directory is imported recursively as `ipfs add -r` does
// (entries whose names start with '.' skipped); files are streamed, never read whole.
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced, trickle } from 'ipfs-unixfs-importer/layout'
import { BlackHoleBlockstore } from 'blockstore-core/black-hole'
import { createReadStream } from 'node:fs'
import { lstat, readdir, readlink } from 'node:fs/promises'
import { basename, join } from 'node:path'

// IPIP-0499 profile parameters, spelled out so a change of the library's defaults cannot hide a difference
const PROFILES = {
  'unixfs-v0-2015': { cidVersion: 0, rawLeaves: false, chunkSize: 262144, maxLinks: 174, strategy: 'links-bytes' },
  'unixfs-v1-2025': { cidVersion: 1, rawLeaves: true, chunkSize: 1048576, maxLinks: 1024, strategy: 'block-bytes' }
}
const TRICKLE_LAYER_REPEAT = 4 // boxo trickle depthRepeat
const HAMT_FANOUT_BITS = 8 // fanout 256

const args = process.argv.slice(2)
let profileName = 'unixfs-v0-2015'
let useTrickle = false
let threshold = 262144
const paths = []
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--profile') profileName = args[++i]
  else if (args[i] === '--trickle') useTrickle = true
  else if (args[i] === '--shard-threshold') threshold = Number(args[++i])
  else paths.push(args[i])
}
const p = PROFILES[profileName]
if (p === undefined) {
  console.error(`unknown profile ${profileName}`)
  process.exit(2)
}

async function * candidates (path, name) {
  const st = await lstat(path)
  if (st.isSymbolicLink()) {
    yield { path: name, link: await readlink(path) }
  } else if (st.isDirectory()) {
    const entries = (await readdir(path)).filter(e => !e.startsWith('.'))
    if (entries.length === 0) yield { path: name }
    for (const e of entries) yield * candidates(join(path, e), `${name}/${e}`)
  } else {
    yield { path: name, content: createReadStream(path, { highWaterMark: 1 << 20 }) }
  }
}

const options = {
  cidVersion: p.cidVersion,
  rawLeaves: p.rawLeaves,
  chunker: fixedSize({ chunkSize: p.chunkSize }),
  layout: useTrickle
    ? trickle({ maxChildrenPerNode: p.maxLinks, layerRepeat: TRICKLE_LAYER_REPEAT })
    : balanced({ maxChildrenPerNode: p.maxLinks }),
  // Kubo's trickle DAG: UnixFS Raw leaves and a root above even a single leaf
  leafType: useTrickle ? 'raw' : 'file',
  reduceSingleLeafToSelf: !useTrickle,
  shardSplitThresholdBytes: threshold,
  shardSplitStrategy: p.strategy,
  shardFanoutBits: HAMT_FANOUT_BITS,
  fieldOrder: 'links-first',
  wrapWithDirectory: false
}

for (const path of paths) {
  let root
  for await (const entry of importer(candidates(path, basename(path)), new BlackHoleBlockstore(), options)) {
    root = entry
  }
  console.log(`${root.cid.toString()} ${path}`)
}
