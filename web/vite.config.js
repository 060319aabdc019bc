import { defineConfig } from 'vite';

// `npm run dev` proxies the API to a running `clearwater serve` (CLEARWATER_URL, default :8080);
// `npm run build` writes web/dist, which `clearwater serve --web web/dist` serves at /.
const target = process.env.CLEARWATER_URL || 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020', sourcemap: false },
  server: { proxy: { '/api': target, '/oauth': target } },
});
