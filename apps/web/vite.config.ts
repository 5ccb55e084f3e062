import { defineConfig, defaultClientConditions } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
/** Where `npm run dev` sends API calls: the server on PORT 3000 unless API_ORIGIN says otherwise. */
const apiOrigin = process.env.API_ORIGIN ?? 'http://127.0.0.1:3000';

/**
 * `yuanqu-source` makes `@yuanqu/shared` resolve to its TypeScript source, so the web app needs
 * no separate build of the shared package and always sees the current contract.
 */
export default defineConfig({
  root: webRoot,
  plugins: [react()],
  resolve: {
    conditions: ['yuanqu-source', ...defaultClientConditions],
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiOrigin, changeOrigin: false, ws: true },
    },
  },
  preview: {
    proxy: {
      '/api': { target: apiOrigin, changeOrigin: false, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Libraries get long-cached chunks of their own (antd with Pro Components is most of the weight),
    // and each admin page is loaded on first visit (see app/router.tsx).
    chunkSizeWarningLimit: 2200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/, priority: 20 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
