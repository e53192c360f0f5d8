import { existsSync } from 'node:fs'
import type { CodegenConfig } from '@graphql-codegen/cli'

// codegen:check writes into a temporary folder (CODEGEN_OUT) and compares.
const out = process.env.CODEGEN_OUT ?? 'src/graphql/generated/'
const schema = existsSync('../schema.graphql') ? '../schema.graphql' : 'schema.tmp.graphql'

const config: CodegenConfig = {
  schema,
  documents: ['src/**/*.ts', '!src/graphql/generated/**', '!src/**/*.test.ts'],
  ignoreNoDocuments: false,
  generates: {
    [out]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', ID: 'string' },
        skipTypename: false,
        dedupeFragments: true,
      },
    },
  },
  hooks: {},
}

export default config
