// Prints the rows of a Parquet file as one JSON array of objects on stdout.
// Usage: node tests/oracle/read_parquet.mjs FILE.parquet
// Independent of the pipeline's Parquet.Net: it uses the npm package hyparquet (pinned in package.json).
// BigInt values become numbers when they are safe integers, else strings; dates become ISO strings.
import { gunzipSync, brotliDecompressSync } from 'node:zlib'
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet'

const path = process.argv[2]
if (!path) {
  console.error('usage: node read_parquet.mjs FILE.parquet')
  process.exit(2)
}
// hyparquet reads uncompressed and Snappy itself; GZIP and BROTLI come from node's own zlib.
const compressors = {
  GZIP: (input) => new Uint8Array(gunzipSync(input)),
  BROTLI: (input) => new Uint8Array(brotliDecompressSync(input)),
}
const file = await asyncBufferFromFile(path)
const rows = await parquetReadObjects({ file, compressors })
const json = JSON.stringify(rows, (_key, value) => {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString()
  }
  return value
})
process.stdout.write(json + '\n')
