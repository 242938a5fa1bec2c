import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The studio is served by the server at `/studio/`; in development `/api` goes to a local server.
export default defineConfig({
  base: '/studio/',
  plugins: [react()],
  // The runtime is consumed as TS source: make sure both apps share one React, antd and i18next.
  resolve: {
    dedupe: ['react', 'react-dom', 'antd', '@ant-design/icons', 'i18next', 'react-i18next', 'zustand'],
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { port: 5174, proxy: { '/api': 'http://127.0.0.1:3000' } },
});
