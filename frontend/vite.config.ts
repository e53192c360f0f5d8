/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rolldownOptions: {
      // Libraries change rarely: one long-cached vendor chunk, app code split per screen.
      output: { codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }, { name: 'documents', test: /src\/graphql\/generated/ }] } },
    },
  },
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:8000', ws: true, changeOrigin: false },
      '/files': { target: 'http://127.0.0.1:8000' },
      '/healthz': { target: 'http://127.0.0.1:8000' },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
})
