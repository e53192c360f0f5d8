// Fails when src/graphql/generated differs from what codegen would write now.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const committed = 'src/graphql/generated'
const tmp = mkdtempSync(join(tmpdir(), 'casebook-codegen-'))
const run = spawnSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], {
  stdio: 'inherit',
  env: { ...process.env, CODEGEN_OUT: tmp + '/' },
})
if (run.status !== 0) {
  rmSync(tmp, { recursive: true, force: true })
  process.exit(run.status ?? 1)
}
const files = (dir) => (existsSync(dir) ? readdirSync(dir).sort() : [])
const stale = []
for (const name of new Set([...files(tmp), ...files(committed)])) {
  const a = existsSync(join(tmp, name)) ? readFileSync(join(tmp, name), 'utf8') : null
  const b = existsSync(join(committed, name)) ? readFileSync(join(committed, name), 'utf8') : null
  if (a !== b) stale.push(name)
}
rmSync(tmp, { recursive: true, force: true })
if (stale.length) {
  console.error(`Generated GraphQL code is stale (${stale.join(', ')}). Run: npm run codegen`)
  process.exit(1)
}
console.log('Generated GraphQL code is up to date.')
