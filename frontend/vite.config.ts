/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The backend in development; CASEBOOK_API points the dev server elsewhere.
const api = process.env.CASEBOOK_API ?? 'http://127.0.0.1:8000'

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
      '/graphql': {
        target: api,
        ws: true,
        changeOrigin: true,
        // The server refuses cross-origin WebSocket handshakes: present the proxied
        // socket as same-origin, as it is once the backend serves the built app.
        configure: (proxy) => {
          proxy.on('proxyReqWs', (proxyReq) => proxyReq.setHeader('origin', api))
          proxy.on('proxyReq', (proxyReq) => proxyReq.setHeader('origin', api))
        },
      },
      '/files': { target: api, changeOrigin: true },
      '/healthz': { target: api, changeOrigin: true },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
})
