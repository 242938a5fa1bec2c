import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The player is served by the server at `/`; in development `/api` goes to a local server.
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
