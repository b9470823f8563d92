import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: `${repoRoot}src/web`,
  plugins: [react()],
  build: {
    outDir: `${repoRoot}dist/web`,
    emptyOutDir: true,
    // The server's Content-Security-Policy forbids inline scripts; the polyfill would be one.
    modulePreload: { polyfill: false },
    // Inlined assets would become data: URLs; keep fonts and images as files served from 'self'.
    assetsInlineLimit: 0,
    // Three single-page apps: the citizen portal, the station app (/station) and the planner (/planung).
    rollupOptions: {
      input: {
        index: `${repoRoot}src/web/index.html`,
        station: `${repoRoot}src/web/station.html`,
        planning: `${repoRoot}src/web/planning.html`,
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:3000',
    },
  },
});
