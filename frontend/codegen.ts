import type { CodegenConfig } from '@graphql-codegen/cli'

// codegen:check writes into a temporary folder (CODEGEN_OUT) and compares.
const out = process.env.CODEGEN_OUT ?? 'src/graphql/generated/'

const config: CodegenConfig = {
  // The SDL the server exports (`casebook export-schema`), committed at the repository root.
  // CODEGEN_SCHEMA may list several files, comma-separated (a planned contract beside the export).
  schema: (process.env.CODEGEN_SCHEMA ?? '../schema.graphql').split(','),
  documents: ['src/**/*.ts', '!src/graphql/generated/**', '!src/**/*.test.ts'],
  ignoreNoDocuments: false,
  generates: {
    [out]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', Date: 'string', ID: 'string' },
        skipTypename: false,
        dedupeFragments: true,
      },
    },
  },
  hooks: {},
}

export default config
