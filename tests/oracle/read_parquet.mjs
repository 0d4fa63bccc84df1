// Prints the rows of a Parquet file as one JSON array of objects on stdout.
// Usage: node tests/oracle/read_parquet.mjs FILE.parquet          (rows)
//        node tests/oracle/read_parquet.mjs --schema FILE.parquet (columns: name, physical type, logical type; row count)
// Independent of the pipeline's Parquet.Net: it uses the npm package hyparquet (pinned in package.json).
// BigInt values become numbers when they are safe integers, else strings; dates become ISO strings.
import { gunzipSync, brotliDecompressSync } from 'node:zlib'
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet'

const args = process.argv.slice(2)
const schemaOnly = args[0] === '--schema'
const path = schemaOnly ? args[1] : args[0]
if (!path) {
  console.error('usage: node read_parquet.mjs [--schema] FILE.parquet')
  process.exit(2)
}
const bigints = (_key, value) => {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString()
  }
  return value
}
const file = await asyncBufferFromFile(path)
if (schemaOnly) {
  const md = await parquetMetadataAsync(file)
  const columns = md.schema.slice(1).map((c) => ({
    name: c.name,
    type: c.type,
    logical: c.logical_type ? c.logical_type.type : null,
    required: c.repetition_type === 'REQUIRED',
  }))
  process.stdout.write(JSON.stringify({ columns, rows: md.num_rows }, bigints) + '\n')
} else {
  // hyparquet reads uncompressed and Snappy itself; GZIP and BROTLI come from node's own zlib.
  const compressors = {
    GZIP: (input) => new Uint8Array(gunzipSync(input)),
    BROTLI: (input) => new Uint8Array(brotliDecompressSync(input)),
  }
  const rows = await parquetReadObjects({ file, compressors })
  process.stdout.write(JSON.stringify(rows, bigints) + '\n')
}
